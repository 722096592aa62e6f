// A small SMTP server that keeps what it receives and greets clients only once
// `open()` is called: a mail server that is slow or down until the test says so.
import net from "node:net";

export type FakeSmtp = {
  url: string;
  /** recipients and raw data of each message received */
  messages: { to: string[]; data: string }[];
  /** greet waiting and later clients */
  open(): void;
  close(): Promise<void>;
};

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const messages: FakeSmtp["messages"] = [];
  let opened = false;
  const waiting: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let inData = false;
    let to: string[] = [];
    let data = "";
    const reply = (line: string) => socket.write(`${line}\r\n`);
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (let eol = buffer.indexOf("\r\n"); eol >= 0; eol = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            messages.push({ to, data });
            to = [];
            data = "";
            reply("250 queued");
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 fake.smtp");
        else if (verb === "RCPT") {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 ok");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 go on");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 ok");
      }
    });
    const greet = () => reply("220 fake.smtp ESMTP");
    if (opened) greet();
    else waiting.push(greet);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    open() {
      opened = true;
      for (const greet of waiting.splice(0)) greet();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
