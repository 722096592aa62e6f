// How anyone can recount a closed poll from its published files: the studio's own
// page, in the reader's language (the same rules as the voting reference).
import { useT } from "~/ui/i18n";

const command = "npm run cli -- poll:recount ballots.csv --method irv --seed <tieBreak.seed> --options results.json";
const example = "printf '%s' '<seed>:option-1' | sha256sum";

export default function AboutRecount() {
  const t = useT();
  return (
    <article className="page narrow">
      <title>{t("recount.title")}</title>
      <h1>{t("recount.title")}</h1>
      <p>{t("recount.intro")}</p>

      <h2>{t("recount.filesHeading")}</h2>
      <ul>
        <li>
          <code>results.json</code>: {t("recount.results")}
        </li>
        <li>
          <code>ballots.csv</code>: {t("recount.ballots")}
        </li>
      </ul>

      <h2>{t("recount.cliHeading")}</h2>
      <p>
        {t("recount.cli")} (<a href="/source.tar.gz">{t("footer.source")}</a>)
      </p>
      <pre className="code-block">
        <code>{command}</code>
      </pre>

      <h2>{t("recount.handHeading")}</h2>
      <ol>
        <li>{t("recount.stepRead")}</li>
        <li>
          <ul>
            <li>{t("recount.stepPlurality")}</li>
            <li>{t("recount.stepIrv")}</li>
            <li>{t("recount.stepSchulze")}</li>
          </ul>
        </li>
      </ol>

      <h2>{t("recount.drawHeading")}</h2>
      <p>{t("recount.draw")}</p>
      <pre className="code-block">
        <code>{example}</code>
      </pre>
    </article>
  );
}
