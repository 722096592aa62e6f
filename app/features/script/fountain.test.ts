import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BINARY_WARNING, parseFountain, parseInline, writeFountain } from "./fountain";
import { hasRuns, type Element, type Run, type Script, type SectionDepth } from "./model";

const corpusDir = path.join(import.meta.dirname, "corpus");
const corpusFiles = readdirSync(corpusDir).filter((f) => f.endsWith(".fountain"));
const corpus = (name: string) => readFileSync(path.join(corpusDir, name), "utf8");

/** Parse, write, parse again: the same script, and the writer gives the same text again. */
function roundTrip(source: string) {
  const first = parseFountain(source);
  expect(first.warnings.filter((w) => w.startsWith("internal"))).toEqual([]);
  const written = writeFountain(first.script);
  const again = parseFountain(written);
  expect(again.script).toStrictEqual(first.script);
  expect(writeFountain(again.script)).toBe(written);
  return { ...first, written };
}

/** Printed text with notes and boneyard shown as written in Fountain (marks left out). */
const text = (runs: Run[]) => runs.map((r) => (r.note ? `[[${r.text}]]` : r.boneyard ? `/*${r.text}*/` : r.text)).join("");

/** One line per element: its type, flags and text, to compare with what a reader expects. */
function outline(elements: Element[]): string[] {
  return elements.map((e) => {
    const forced = "forced" in e && e.forced ? "!" : "";
    switch (e.type) {
      case "sceneHeading":
        return `heading${forced}: ${text(e.text)}${e.sceneNumber ? ` #${e.sceneNumber}#` : ""}`;
      case "action":
        return `action${forced}${e.centered ? " centered" : ""}: ${text(e.text)}`;
      case "character":
        return `character${forced}: ${text(e.text)}${e.extension !== undefined ? ` (${e.extension})` : ""}${e.dual ? " ^" : ""}`;
      case "transition":
        return `transition${forced}: ${text(e.text)}`;
      case "section":
        return `section ${e.depth}: ${e.text}`;
      case "pageBreak":
        return "pageBreak";
      case "synopsis":
      case "note":
      case "boneyard":
        return `${e.type}: ${e.text}`;
      default:
        return `${e.type}: ${text(e.text)}`;
    }
  });
}

const parsed = (source: string) => {
  const { script, warnings } = roundTrip(source);
  return { titlePage: script.titlePage, elements: outline(script.elements), warnings };
};

describe("the corpus", () => {
  it.each(corpusFiles)("%s reads back the same after writing", (name) => {
    roundTrip(corpus(name));
  });

  it("covers every element type and mark of the model", () => {
    const seen = new Set<string>();
    for (const name of corpusFiles) {
      for (const e of parseFountain(corpus(name)).script.elements) {
        seen.add(e.type);
        if (e.type === "action" && e.centered) seen.add("centered");
        if (e.type === "character" && e.dual) seen.add("dual");
        if ("forced" in e && e.forced) seen.add(`forced ${e.type}`);
        if ("sceneNumber" in e && e.sceneNumber) seen.add("scene number");
        if ("text" in e && Array.isArray(e.text))
          for (const r of e.text) for (const k of ["bold", "italic", "underline", "note", "boneyard"] as const) if (r[k]) seen.add(k);
      }
    }
    expect([...seen].sort()).toEqual(
      [
        "action", "boneyard", "bold", "centered", "character", "dialogue", "dual", "forced action", "forced character",
        "forced sceneHeading", "forced transition", "italic", "lyrics", "note", "pageBreak", "parenthetical",
        "scene number", "sceneHeading", "section", "synopsis", "transition", "underline",
      ].sort(),
    );
  });

  it("reads a title page, with values on several lines and unknown keys kept", () => {
    const { titlePage, elements } = parsed(corpus("title-page.fountain"));
    expect(titlePage).toEqual([
      { key: "Title", value: "_**LES VEILLEURS**_\n(The Night Watchers)" },
      { key: "Credit", value: "Written by" },
      { key: "Authors", value: "Tomás Ibarra and the Claquette community" },
      { key: "Source", value: "An idea posted on the production wiki" },
      { key: "Draft date", value: "12 March" },
      { key: "Contact", value: "Margaux Lefèvre\nmargaux@demo.claquette.invalid" },
      { key: "Licence", value: "CC BY-SA 4.0" },
    ]);
    // FADE IN: does not end in "TO:": action, as the reference says
    expect(elements).toEqual(["action: FADE IN:", "heading: EXT. RUE DES TANNEURS - NIGHT", "action: A lamp hums."]);
  });

  it("reads a title page whose values are indented with tabs", () => {
    expect(parsed(corpus("title-page-tabs.fountain"))).toMatchObject({
      titlePage: [{ key: "Title", value: "Tabbed value" }, { key: "Author", value: "Noor\nand Ana" }],
      elements: ["action: The title page above uses tabs."],
    });
  });

  it("reads scene headings: every prefix, forced ones, scene numbers; not '...' nor a heading without a blank line after", () => {
    const { elements, warnings } = parsed(corpus("scene-headings.fountain"));
    expect(elements).toEqual([
      "heading: INT. BAKERY - NIGHT",
      "heading: EXT. RUE DES TANNEURS - CONTINUOUS",
      "heading: EST. SAINT-ÉTIENNE - DAWN",
      "heading: INT./EXT. BUS - MOVING",
      "heading: INT/EXT BUS SHELTER - NIGHT",
      "heading: I/E. BASILE'S BUS - NIGHT",
      "heading: I./E. NOOR'S VAN - DAWN",
      "heading: int. lower case counts too",
      "heading: INT. BAKERY - LATER #1#",
      "heading: EXT. ROOFTOPS - NIGHT #1A#",
      "heading: INT. DEPOT - NIGHT #I-1-A#",
      "heading: EXT. SQUARE - DAWN #110A#",
      "heading!: FLASHBACK - THE WEDDING, 1985",
      "heading!: 2 AM, THE SAME STREET",
      "action: ...and the lamps went out one by one.",
      "action: INTERIOR DECORATORS ARE NOT SCENE HEADINGS",
      "action: EXT. PARK - DAY\nA heading with no blank line after it is action.",
    ]);
    expect(warnings).toEqual([expect.stringContaining('Line 33: "EXT. PARK - DAY" looks like a scene heading')]);
  });

  it("reads action: line breaks and leading spaces kept, tabs as four spaces, '!' forcing, two-space empty lines", () => {
    expect(parsed(corpus("action.fountain")).elements).toEqual([
      "action: The ladder is where she left it.\nShe climbs, slowly.",
      "action:     An indented line keeps its spaces.\n    A tab becomes four spaces.",
      "action!: INT. THIS IS NOT A HEADING",
      "action!: BASILE\nIs not a character either.",
      "action: First line of a long shot.\n\nAfter an empty line kept by two spaces.",
      "action: THE LAMP FLICKERS.",
    ]);
  });

  it("reads character cues with extensions, '@' forcing, parentheticals and dialogue with two-space empty lines", () => {
    expect(parsed(corpus("characters-and-dialogue.fountain")).elements).toEqual([
      "character: NOOR",
      "dialogue: You're late.",
      "character: BASILE (O.S.)",
      "dialogue: The bus doesn't wait for streetlights.",
      "character: NOOR (V.O.)",
      "dialogue: It waited for me once.",
      "character: ANA (CONT'D)",
      "dialogue: Bread's in ten minutes.",
      "character: HANS (on the radio)",
      "dialogue: Lowercase extensions are allowed.",
      "character!: McCLANE",
      "dialogue: Forced with an at sign.",
      "character: NOOR",
      "parenthetical: quietly",
      "dialogue: Look at it.",
      "parenthetical: beat",
      "dialogue: Just look.",
      "character: BASILE",
      "dialogue: First verse.\n\nSecond verse, after a kept empty line.",
    ]);
  });

  it("reads dual dialogue: '^' marks the second cue", () => {
    expect(parsed(corpus("dual-dialogue.fountain")).elements).toEqual([
      "character: NOOR",
      "dialogue: Did you see that?",
      "character: BASILE ^",
      "dialogue: Did you see that?",
      "character: ANA (O.S.)",
      "dialogue: Who's there?",
      "character: NOOR (V.O.) ^",
      "dialogue: Nobody.",
    ]);
  });

  it("reads transitions: 'TO:', '>' forcing; trailing spaces make action, a leading '.' a scene heading", () => {
    const source = corpus("transitions.fountain");
    expect(source).toContain("CUT TO: \n"); // the trailing space is the point of this case
    expect(parsed(source).elements).toEqual([
      "transition: CUT TO:",
      "transition: SMASH CUT TO:",
      "transition!: FADE OUT.",
      "transition!: BURN TO WHITE.",
      "action!: CUT TO:",
      "heading!: CUT TO:",
      "action: CUT TO:\nNot a transition: no blank line after.",
    ]);
  });

  it("reads centred text, one or several lines", () => {
    expect(parsed(corpus("centered.fountain")).elements).toEqual([
      "action centered: THE END",
      "action centered: Forty years later\non the same pavement",
      "action: He writes: >not centred<",
    ]);
  });

  it("reads lyrics, alone and inside dialogue", () => {
    expect(parsed(corpus("lyrics.fountain")).elements).toEqual([
      "lyrics: Light the lamps along the river,\none by one until the dawn.",
      "character: THE GROOM",
      "lyrics: Every window, every doorstep,\nkeeps a light for those who've gone.",
      "parenthetical: laughing",
      "dialogue: Sing, all of you!",
    ]);
  });

  it("reads page breaks: three '=' or more", () => {
    expect(parsed(corpus("page-breaks.fountain")).elements).toEqual([
      "action: The end of the first act.",
      "pageBreak",
      "action: The second act.",
      "pageBreak",
      "action: The third act.",
    ]);
  });

  it("reads sections (depth 1 to 6) and synopses", () => {
    expect(parsed(corpus("sections-and-synopses.fountain")).elements).toEqual([
      "section 1: Act one",
      "synopsis: Noor finds a lamp that remembers.",
      "section 2: The first night",
      "section 3: Rue des Tanneurs",
      "synopsis: She repairs it without knowing why.",
      "heading: INT. WORKSHOP - NIGHT",
      "synopsis: The workshop: every lamp she ever fixed.",
      "section 6: # Deeper than six is six.",
    ]);
  });

  it("reads notes: alone as elements, inline and inside dialogue as runs", () => {
    const { script } = roundTrip(corpus("notes.fountain"));
    expect(outline(script.elements)).toEqual([
      "note: Check the permit for night shooting before scene 3.",
      "action: The lamp [[sodium, not LED]] warms up slowly.",
      "action: Noor taps the glass [[too long?\ncut the tapping\nif the scene runs over]] and the lamp holds.",
      "note: A note that\nspans two lines.",
      "character: NOOR",
      'dialogue: I know this street. [[Is "know" too strong?]]\n[[Samir: record the hum here.]]\nIt used to be brighter.',
      "action: Unclosed [[ brackets stay as text.",
    ]);
    expect(script.elements[1]).toEqual({
      type: "action",
      text: [{ text: "The lamp " }, { text: "sodium, not LED", note: true }, { text: " warms up slowly." }],
    });
    // a note spanning lines is one note
    expect(script.elements[2]).toEqual({
      type: "action",
      text: [{ text: "Noor taps the glass " }, { text: "too long?\ncut the tapping\nif the scene runs over", note: true }, { text: " and the lamp holds." }],
    });
  });

  it("reads boneyard: spanning lines, inline, inside dialogue (kept after it), text after '*/'", () => {
    expect(parsed(corpus("boneyard.fountain")).elements).toEqual([
      "boneyard: \nINT. CUT SCENE - NIGHT\n\nThis whole scene was cut.\n",
      "action: Noor climbs the ladder. /* too slow? */ She reaches the lamp.",
      "character: NOOR",
      "dialogue: Almost there.\nGot it.",
      "boneyard:  BASILE\nCareful! ",
      "boneyard:  A closed boneyard ",
      "action: Text after it on the same line.",
      "action: Basile waits\nby the bus.",
      "boneyard:  this\nspans two lines ",
    ]);
  });

  it("takes a boneyard on lines of its own for the blank line a transition or a scene heading needs", () => {
    // screenplain and fountain-js read "CUT TO:", a boneyard, "EXT. …" as a transition and a heading
    expect(parsed(corpus("boneyard-between.fountain"))).toEqual({
      titlePage: [],
      elements: [
        "transition: CUT TO:",
        "boneyard: \nINT. DEPOT - NIGHT\n\nBasile counts the buses, twice.\n\nBASILE\nNineteen. There were twenty.\n",
        "heading: EXT. RUE DES TANNEURS - NIGHT",
        "action: The lamps hum.",
        "boneyard:  a cut line ",
        "heading: INT. ANA'S BAKERY - NIGHT",
        "boneyard:  the heading above needs a blank line after it; this boneyard is one ",
        "action: Flour in the air.",
        "character: NOOR",
        "dialogue: Good evening.\nDialogue goes on under a boneyard.",
        "boneyard:  BASILE\nEvening. ",
      ],
      warnings: [],
    });
    // a boneyard that shares a line with text is no blank line
    expect(parsed("CUT TO:\n/* x */ EXT. HOUSE - DAY\n").elements).toEqual(["action: CUT TO:\nEXT. HOUSE - DAY", "boneyard:  x "]);
  });

  it("keeps the rest of the file as boneyard after an unclosed '/*', and says so", () => {
    const { elements, warnings } = parsed(corpus("boneyard-unclosed.fountain"));
    expect(elements).toEqual([
      "action: The bus pulls away.",
      "boneyard:  Everything from here was commented out and never closed.\n\nNOOR\nWait!\n",
    ]);
    expect(warnings).toEqual([expect.stringMatching(/^Line 3: "\/\*" opens a boneyard that is never closed, so the rest of the file \(4 lines\)/)]);
  });

  it("reads emphasis, escapes, and markers left open", () => {
    const { script, written } = roundTrip(corpus("emphasis.fountain"));
    expect(script.elements.map((e) => ("text" in e ? e.text : null))).toEqual([
      [
        { text: "italic", italic: true },
        { text: " and " },
        { text: "bold", bold: true },
        { text: " and " },
        { text: "bold italic", bold: true, italic: true },
        { text: " and " },
        { text: "underline", underline: true },
        { text: "." },
      ],
      [
        { text: "Underlined bold", bold: true, underline: true },
        { text: " and " },
        { text: "bold with ", bold: true },
        { text: "italic", bold: true, italic: true },
        { text: " inside", bold: true },
        { text: "." },
      ],
      [{ text: "Escaped *stars* and _underscores_ and a backslash \\ stay literal." }],
      [{ text: "An *unclosed star stays a star." }],
      [{ text: "Emphasis does not *cross\nline breaks*." }],
      // markers hug the text they mark (fountain-js's rule): with spaces around, or inside a word, they are text
      [{ text: "He writes 5 * 3 * 2 on the board, then opens my_secret_file.txt." }],
      [{ text: "Markers hug their text: * not italic * and _ not underlined _ but " }, { text: "this", italic: true }, { text: " is." }],
      [{ text: "A star inside a word is text: un*believ*able, snake_case_name." }],
      [{ text: "a note first", note: true }, { text: " then a space", italic: true }, { text: " still italic." }],
      [{ text: "**** is four stars, and snake__case stays." }],
    ]);
    // and they are written back as they were, without escapes
    for (const line of ["He writes 5 * 3 * 2 on the board, then opens my_secret_file.txt.", "un*believ*able, snake_case_name.", "* not italic * and _ not underlined _ but *this* is."])
      expect(written).toContain(line);
  });

  it("reads the demo screenplay, Les Veilleurs", () => {
    const { titlePage, elements, warnings } = parsed(corpus("les-veilleurs.fountain"));
    expect(warnings).toEqual([]);
    expect(titlePage.map((f) => f.key)).toEqual(["Title", "Credit", "Author", "Source", "Draft date", "Contact", "Licence"]);
    expect(titlePage[0]!.value).toBe("LES VEILLEURS\n(The Night Watchers)");
    expect(elements.filter((e) => e.startsWith("heading"))).toEqual([
      "heading: EXT. RUE DES TANNEURS - NIGHT #1#",
      "heading: EXT. BUS STOP, RUE DES TANNEURS - CONTINUOUS #2#",
      "heading: INT. ANA'S BAKERY - NIGHT #3#",
    ]);
    const cues = new Set(elements.filter((e) => e.startsWith("character")).map((e) => e.replace(/^character: | \(.*$| \^$/g, "")));
    expect([...cues].sort()).toEqual(["ANA", "BASILE", "NOOR", "THE GROOM"]);
    expect(elements).toContain("character: BASILE ^");
    expect(elements).toContain("lyrics: Light the lamps along the river,\none by one until the dawn...");
    expect(elements).toContain("transition: CUT TO:");
    expect(elements).toContain("dialogue: Then you'll want coffee.\n\nAnd the first loaf. It's still too hot. Eat it anyway.");
    expect(elements.at(-1)).toBe("action centered: THE END");
    expect(elements.slice(0, 2)).toEqual(["section 1: Act one", expect.stringMatching(/^synopsis: Noor mends streetlights/)]);
  });
});

describe("reading Fountain", () => {
  it("reads CRLF, a BOM and trailing spaces like plain LF text", () => {
    const lf = corpus("characters-and-dialogue.fountain");
    const crlf = "\uFEFF" + lf.replace(/^(NOOR|BASILE|You're late\.)$/gm, "$1   ").replace(/\n/g, "\r\n");
    expect(parseFountain(crlf)).toStrictEqual(parseFountain(lf));
    expect(parseFountain("INT. HOUSE - DAY   \r\rBob enters.\r").script.elements.map((e) => e.type)).toEqual(["sceneHeading", "action"]);
  });

  it("refuses input containing NUL (a binary file, or UTF-16 read as UTF-8) with a clear warning", () => {
    expect(parseFountain("INT. HOUSE\0\0\u0001")).toStrictEqual({ script: { titlePage: [], elements: [] }, warnings: [BINARY_WARNING] });
    const utf16 = Buffer.from("Title: X\n\nINT. HOUSE - DAY\n", "utf16le").toString("utf8");
    expect(parseFountain(utf16).warnings).toEqual([BINARY_WARNING]);
  });

  it("removes other control characters, saying how many", () => {
    const { script, warnings } = parseFountain("Bob\u0007 waits.\u001b\u0085");
    expect(outline(script.elements)).toEqual(["action: Bob waits."]);
    expect(warnings).toEqual(["3 control characters were removed."]);
  });

  it("reads an empty file, or one of blank lines, as an empty script", () => {
    for (const source of ["", "\n\n", "   \n\t\n", "  "]) expect(roundTrip(source).script).toStrictEqual({ titlePage: [], elements: [] });
    expect(writeFountain({ titlePage: [], elements: [] })).toBe("");
  });

  it("needs a known key for a title page, and ends it at a line that is not a field", () => {
    expect(parsed("Format: feature\n\nHello.\n")).toMatchObject({ titlePage: [], elements: ["action: Format: feature", "action: Hello."] });
    expect(parsed("\n\nTitle: Night\nThe lamps go out.\n")).toMatchObject({ titlePage: [{ key: "Title", value: "Night" }], elements: ["action: The lamps go out."] });
    // once a known key is there, any "Key:" line is a field
    expect(parsed("Title: Night\nFADE IN:\n").titlePage).toEqual([{ key: "Title", value: "Night" }, { key: "FADE IN", value: "" }]);
  });

  it("keeps dialogue going through a character's lines, and stops it at a blank line", () => {
    expect(parsed("NOOR\nOne.\nTwo.\n\nThree.\n").elements).toEqual(["character: NOOR", "dialogue: One.\nTwo.", "action: Three."]);
  });

  it("does not take a caps line with no line under it for a character", () => {
    expect(parsed("BOOM!\n\nNOOR\n").elements).toEqual(["action: BOOM!", "action: NOOR"]);
  });

  it("exposes inline parsing for the editor and the PDF (title-page values)", () => {
    expect(parseInline("_**LES VEILLEURS**_")).toEqual([{ text: "LES VEILLEURS", bold: true, underline: true }]);
    expect(parseInline("a [[b]] *c*")).toEqual([{ text: "a " }, { text: "b", note: true }, { text: " " }, { text: "c", italic: true }]);
  });
});

describe("writing Fountain", () => {
  it("writes marks an editor made so that they read back: markers hug text, never inside a word", () => {
    const write = (text: Run[]) => writeFountain({ titlePage: [], elements: [{ type: "action", text }] });
    // a space at the edge of a mark is left out of it
    expect(write([{ text: "a" }, { text: " bold ", bold: true }, { text: "word" }])).toBe("a **bold** word\n");
    // a word takes the marks of its first letter
    expect(write([{ text: "un" }, { text: "believ", italic: true }, { text: "able " }, { text: "really", underline: true }])).toBe("unbelievable _really_\n");
    // literal stars and underscores are escaped only where they would read as markers
    const literal = "5 * 3, my_file, *not* and _x_ and a * b";
    expect(write([{ text: literal }])).toBe("5 * 3, my_file, \\*not\\* and \\_x\\_ and a * b\n");
    expect(parseFountain(write([{ text: literal }])).script.elements).toEqual([{ type: "action", text: [{ text: literal }] }]);
  });

  it("writes forcing markers only where the element would read as another type", () => {
    const script: Script = {
      titlePage: [{ key: "Title", value: "Night\nShift" }],
      elements: [
        { type: "sceneHeading", text: [{ text: "INT. DEPOT - NIGHT" }], sceneNumber: "4" },
        { type: "sceneHeading", text: [{ text: "THE DEPOT" }] },
        { type: "action", text: [{ text: "INT. NOT A HEADING" }] },
        { type: "action", text: [{ text: "Basile waits." }] },
        { type: "character", text: [{ text: "McCLANE" }] },
        { type: "dialogue", text: [{ text: "(not a parenthetical)\n~not lyrics" }] },
        { type: "transition", text: [{ text: "CUT TO:" }] },
        { type: "transition", text: [{ text: "FADE OUT." }] },
      ],
    };
    expect(writeFountain(script)).toBe(
      [
        "Title:",
        "    Night",
        "    Shift",
        "",
        "INT. DEPOT - NIGHT #4#",
        "",
        ".THE DEPOT",
        "",
        "!INT. NOT A HEADING",
        "",
        "Basile waits.",
        "",
        "@McCLANE",
        "\\(not a parenthetical)",
        "\\~not lyrics",
        "",
        "CUT TO:",
        "",
        ">FADE OUT.",
        "",
      ].join("\n"),
    );
  });

  it("writes a '[[' with no ']]' after it as it is, and escapes one a ']]' follows", () => {
    const { written } = roundTrip(corpus("notes.fountain"));
    expect(written).toContain("\nUnclosed [[ brackets stay as text.\n");
    const lone = (text: Run[]) => writeFountain({ titlePage: [], elements: [{ type: "action", text }] });
    expect(lone([{ text: "A lone [[ and [[[ stay." }])).toBe("A lone [[ and [[[ stay.\n");
    expect(lone([{ text: "[[ first, " }, { text: "bold", bold: true }, { text: " then ]]" }])).toBe("\\[[ first, **bold** then ]]\n");
    expect(lone([{ text: "Text [[ " }, { text: "a note", note: true }])).toBe("Text \\[[ [[a note]]\n");
  });

  it("escapes what would read as markup, and writes emphasis that reads back", () => {
    const runs: Run[] = [
      { text: "2*3 = 6, snake_case, C:\\dir, [[not a note]] and /*not boneyard*/ " },
      { text: "bold ", bold: true },
      { text: "both", bold: true, italic: true },
      { text: "\nline two", underline: true },
    ];
    const written = writeFountain({ titlePage: [], elements: [{ type: "action", text: runs }] });
    expect(written).toBe("2*3 = 6, snake_case, C:\\dir, \\[[not a note]] and \\/\\*not boneyard\\*\\/ **bold *both***\n_line two_\n");
    expect(parseFountain(written).script.elements).toEqual([{ type: "action", text: [...runs.slice(0, 3), { text: "\n" }, { text: "line two", underline: true }] }]);
  });
});

// ───────────────────────────── properties ─────────────────────────────

// Lines that exercise every rule, and their neighbours.
const FRAGMENTS = [
  "INT. HOUSE - DAY", "EXT. PARK #12A#", ".FORCED", "...", "..and", "!BANG", "@bob", "@McCLANE", "BOB", "BOB (V.O.)", "ALICE ^", "BOB (O.S.) ^",
  "(beat)", "(", ")", "~la la", "~", ">CENTER<", "> THE END <", ">", "> FADE OUT.", "CUT TO:", "CUT TO: ", ".CUT TO:", "===", "==", "=", "= syn",
  "#", "# Act", "####### deep", "[[note]]", "[[", "]]", "[[a", "b]]", "a [[n]] b", "/*", "*/", "/* bone */", "x /* in */ y", "x /* open", "close */ z",
  "*it*", "**b**", "***bi***", "_u_", "\\*", "\\", "a\\", "*", "**", "_", "__", "****", "hello", "Hello world.", "  ", "", "", "", "   ", "\t",
  "\tindented", "Title: X", "Author: Y", "Key: v", "    cont", "TITLE: CAPS", "I/E. CAR", "int. lower", "(a) b)", "\\(x)", "\\~x", "*a*/", "/",
  "\\/*", "[[x\ny]]", "É", "日本", "\u00a0", "BOB ()", "(X)", "[[]]", "[[x]]]", "/**/", "*/*", "_*_*", "**a *b* c**", "*a **b* c**", "~(x)", ">a<b<",
  "@", "@ ^", "^", "BOB^", "\\[[x]]", "[[/* x */]]", "/* [[ */ ]]", "\r", "\u0007", "*/**/", "_/* bone */A_", "*/*x*/*y", "Contact:",
  "Draft date: 1", "ß", "ǅ", "ΣΑΣ",
];
const SOURCE_CHARS = ["A", "b", " ", " ", "*", "_", "\\", "/", "[", "]", "(", ")", "~", ">", "<", "#", "=", ".", "!", "@", "^", ":", "\n", "\n", "\t", "T", "O", "I", "N", "E", "X", "\r", "é"];
const arbSource = fc.oneof(
  fc
    .tuple(
      fc.array(fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8, unit: fc.constantFrom(...SOURCE_CHARS) })), { minLength: 1, maxLength: 3 }), { maxLength: 25 }),
      fc.constantFrom("\n", "\r\n", "\n\n"),
    )
    .map(([lines, eol]) => lines.map((parts) => parts.join("")).join(eol)),
  fc.string({ maxLength: 80, unit: fc.constantFrom(...SOURCE_CHARS) }),
);

describe("properties", () => {
  it("any text: parse, write, parse gives the same script; writing again gives the same text", () => {
    fc.assert(
      fc.property(arbSource, (source) => {
        roundTrip(source);
      }),
      { numRuns: 3000 },
    );
  });

  it("any script: written then read back, it is the script (forcing markers aside)", () => {
    fc.assert(
      fc.property(arbScript, (script) => {
        const read = parseFountain(writeFountain(script));
        expect(read.warnings).toEqual([]);
        expect(unforced(read.script)).toStrictEqual(unforced(canonical(script)));
      }),
      { numRuns: 1500 },
    );
  });
});

// A generator of scripts in the model's canonical form (what a parse can give): texts
// trimmed, line breaks unmarked, no two dialogues in a row. Words carry markup characters.
const WORD_CHARS = "abcXYZ019*_\\/[]()~>#=@^:<!.'-".split("");
const UPPER_CHARS = "ABCXYZ019 .'-".split("");
const wordOf = (chars: string[], max = 6) => fc.string({ minLength: 1, maxLength: max, unit: fc.constantFrom(...chars) });
const arbWord = wordOf(WORD_CHARS);
const arbMarks = fc.record({ bold: fc.boolean(), italic: fc.boolean(), underline: fc.boolean() }).map((m) => {
  const r: Omit<Run, "text"> = {};
  if (m.bold) r.bold = true;
  if (m.italic) r.italic = true;
  if (m.underline) r.underline = true;
  return r;
});
// Verbatim texts never hold "/*" (it would open a boneyard: a parse cannot give that).
const verbatimWord = arbWord.filter((w) => !w.includes("/*"));
const noteText = fc.array(wordOf(WORD_CHARS.filter((c) => c !== "]")).filter((w) => !w.includes("/*")), { minLength: 1, maxLength: 3 }).map((w) => w.join(" "));
const boneText = fc.array(wordOf(WORD_CHARS.filter((c) => c !== "*")), { minLength: 1, maxLength: 3 }).map((w) => ` ${w.join(" ")} `);
/** One line of runs: words (with marks), notes and inline boneyard, spaces between. */
const arbLine = (opts: { atoms?: boolean; word?: fc.Arbitrary<string> } = {}) =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.tuple(opts.word ?? arbWord, arbMarks).map(([text, marks]): Run => ({ text, ...marks })) },
        { weight: opts.atoms === false ? 0 : 1, arbitrary: noteText.map((text): Run => ({ text, note: true })) },
        { weight: opts.atoms === false ? 0 : 1, arbitrary: boneText.map((text): Run => ({ text, boneyard: true })) },
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((runs) => {
      if (runs[0]!.boneyard) runs.unshift({ text: "x" }); // inline boneyard never starts a line
      return runs.flatMap((r, i) => (i ? [{ text: " " }, r] : [r]));
    });
/** Lines joined by unmarked line breaks; `empty` allows empty lines between others. */
const arbLines = (max: number, empty = true) =>
  fc.array(fc.oneof(arbLine(), ...(empty ? [fc.constant([] as Run[])] : [])), { minLength: 1, maxLength: max }).map((lines) => {
    while (lines.length && !lines.at(-1)!.length) lines.pop();
    if (!lines.length || !lines[0]!.length) lines.unshift([{ text: "first" }]);
    return lines.flatMap((l, i) => (i ? [{ text: "\n" }, ...l] : l));
  });
const upperText = fc.array(wordOf(UPPER_CHARS.filter((c) => c !== " ")), { minLength: 1, maxLength: 3 }).map((w) => w.join(" "));

const arbElement: fc.Arbitrary<Element[]> = fc.oneof(
  fc.tuple(upperText, fc.option(wordOf("12AB.-".split(""), 4), { nil: undefined })).map(([t, n]): Element[] => [
    { type: "sceneHeading", text: [{ text: `INT. ${t}` }], ...(n ? { sceneNumber: n } : {}) },
  ]),
  arbLine({ atoms: false, word: wordOf(WORD_CHARS.filter((c) => c !== "#")) }).map((text): Element[] => [
    { type: "sceneHeading", text: [{ text: "A " }, ...text], forced: true },
  ]),
  arbLines(3).map((text): Element[] => [{ type: "action", text }]),
  arbLines(2, false).map((text): Element[] => [{ type: "action", text, centered: true }]),
  upperText.map((t): Element[] => [{ type: "transition", text: [{ text: `${t} TO:` }] }]),
  arbLine({ atoms: false, word: wordOf(WORD_CHARS.filter((c) => c !== "<")) }).map((text): Element[] => [{ type: "transition", text, forced: true }]),
  arbLines(2, false).map((text): Element[] => [{ type: "lyrics", text }]),
  fc.constant<Element[]>([{ type: "pageBreak" }]),
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.array(verbatimWord, { maxLength: 3 })).map(([depth, w]): Element[] => [
    { type: "section", depth: depth as SectionDepth, text: w.join(" ") },
  ]),
  fc.array(verbatimWord, { maxLength: 3 }).map((w): Element[] => [{ type: "synopsis", text: w.join(" ") }]),
  fc.array(noteText, { minLength: 1, maxLength: 2 }).map((lines): Element[] => [{ type: "note", text: lines.join("\n") }]),
  fc.string({ maxLength: 20, unit: fc.constantFrom("a", " ", "\n", "*", "/", "[", "#") }).filter((t) => !t.includes("*/")).map((text): Element[] => [{ type: "boneyard", text }]),
  // a dialogue block
  fc
    .tuple(
      upperText,
      fc.option(wordOf("VOSab.' ".split("")).map((x) => x.trim()), { nil: undefined }),
      fc.boolean(),
      fc.array(
        fc.oneof(
          arbLine().map((text): Element => ({ type: "parenthetical", text })),
          arbLines(3).map((text): Element => ({ type: "dialogue", text })),
          arbLines(2, false).map((text): Element => ({ type: "lyrics", text })),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([name, extension, dual, speech]): Element[] => [
      { type: "character", text: [{ text: name }], ...(extension !== undefined ? { extension } : {}), ...(dual ? { dual: true as const } : {}) },
      ...speech.filter((e, i) => i === 0 || e.type === "parenthetical" || e.type !== speech[i - 1]!.type),
    ]),
);
const arbScript: fc.Arbitrary<Script> = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom("Title", "Author", "Draft date", "Licence"), fc.array(upperText, { minLength: 1, maxLength: 2 })), { maxLength: 3 }),
    fc.array(arbElement, { maxLength: 12 }),
  )
  .map(([fields, elements]) => ({
    titlePage: fields.length ? [{ key: "Title", value: "Night" }, ...fields.map(([key, lines]) => ({ key, value: lines.join("\n") }))] : [],
    elements: elements.flat(),
  }));

/** Adjacent runs with the same marks merged, as a parse gives them. */
function canonical(script: Script): Script {
  const merge = (runs: Run[]) =>
    runs.reduce<Run[]>((acc, r) => {
      const last = acc.at(-1);
      const same = last && !last.note && !last.boneyard && !r.note && !r.boneyard && !last.bold === !r.bold && !last.italic === !r.italic && !last.underline === !r.underline;
      if (same) last.text += r.text;
      else if (r.text || r.note || r.boneyard) acc.push({ ...r });
      return acc;
    }, []);
  return { titlePage: script.titlePage, elements: script.elements.map((e) => (hasRuns(e) ? { ...e, text: merge(e.text) } : e)) };
}
/** Forcing markers aside: the writer adds them where needed. */
const unforced = (script: Script): Script => ({
  titlePage: script.titlePage,
  elements: script.elements.map((e) => {
    if (!("forced" in e)) return e;
    const { forced: _forced, ...rest } = e;
    return rest as Element;
  }),
});

// ───────────────────────────── robustness ─────────────────────────────

describe("robustness", () => {
  const MB = 1024 * 1024;
  // Not a speed target (tests/bench/script.ts measures speed): a bound that a linear parser
  // meets with a wide margin on a busy machine, where a quadratic one would take minutes.
  const NO_HANG_MS = 10_000;
  /** A seeded generator: the same "random" input on every run. */
  function seeded(seed: number) {
    let s = seed >>> 0;
    return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  }
  const timed = (source: string) => {
    const start = performance.now();
    const result = parseFountain(source);
    return { ...result, ms: performance.now() - start };
  };

  it("reads 10 MB of nonsense without hanging, without throwing, and round-trips it", () => {
    const random = seeded(1);
    const alphabet = "abcdefghijKLMNOPQRSTUVWXYZ0123456789 \n\n\n*_[]()/\\~>#=.!@^:<\t";
    const source = Array.from({ length: 10 * MB }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    const { script, warnings, ms } = timed(source);
    expect(ms).toBeLessThan(NO_HANG_MS);
    expect(warnings.filter((w) => w.startsWith("internal"))).toEqual([]);
    expect(parseFountain(writeFountain(script)).script).toStrictEqual(script);
  });

  it("reads 10 MB of binary junk without NUL (decoded as Latin-1) without hanging", () => {
    const random = seeded(2);
    const source = Array.from({ length: 10 * MB }, () => String.fromCharCode(1 + Math.floor(random() * 255))).join("");
    const { warnings, ms } = timed(source);
    expect(ms).toBeLessThan(NO_HANG_MS);
    expect(warnings[0]).toMatch(/control characters were removed/);
  });

  it("reads a 100,000-line screenplay without hanging", () => {
    const scenes = corpus("les-veilleurs.fountain").split("# Act one")[1]!;
    const source = Array.from({ length: Math.ceil(100_000 / scenes.split("\n").length) }, () => scenes).join("\n");
    expect(source.split("\n").length).toBeGreaterThanOrEqual(100_000);
    const { script, ms } = timed(source);
    expect(ms).toBeLessThan(NO_HANG_MS);
    expect(script.elements.filter((e) => e.type === "sceneHeading").length).toBe(3 * Math.ceil(100_000 / scenes.split("\n").length));
  });

  // Inputs built to defeat a naive parser: markers that never close, openers with no closer
  // (each search for one must happen once, not once per opener), huge runs and lines.
  const pathological: [string, string][] = [
    ["10 MB of stars", "*".repeat(10 * MB)],
    ["note openers never closed", "[[".repeat(5 * MB)],
    ["one note spanning 10 MB", "[[a ".repeat((10 * MB) / 4) + "]]"],
    ["boneyard openers never closed", "/* ".repeat((10 * MB) / 3)],
    ["backslashes", "\\".repeat(10 * MB)],
    ["one 10 MB line", "x".repeat(10 * MB)],
    ["lines of two spaces", "  \n".repeat((10 * MB) / 3)],
    ["a 100,000-line speech", "NOOR\n" + "(beat)\nline\n".repeat(50_000)],
  ];
  // And dense ones: every few characters a new run, line or element (2 MB: a million of them).
  const dense: [string, string][] = [
    ["markers with nothing between them", "*_".repeat(MB)],
    ["an unclosed marker on every line", "*a\n".repeat((2 * MB) / 3)],
    ["alternating emphasis", "*a_b**".repeat((2 * MB) / 6)],
    ["pairs of every kind", "**a ***b _c ".repeat((2 * MB) / 12)],
    ["inline boneyard", "a/**/".repeat((2 * MB) / 5)],
    ["elements", "~la\n[[a\n\nBOB\n(x)\nhi\n\n".repeat((2 * MB) / 25)],
  ];
  it.each([...pathological, ...dense])("reads pathological input (%s) without hanging", (_name, source) => {
    const { warnings, ms } = timed(source);
    expect(warnings.filter((w) => w.startsWith("internal"))).toEqual([]);
    expect(ms).toBeLessThan(NO_HANG_MS);
  });
});
