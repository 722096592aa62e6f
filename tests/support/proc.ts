// What Linux's /proc tells about a process (the studio under test): its memory, the
// processes it started, and the CPU time its finished children used.
import { readdirSync, readFileSync } from "node:fs";

/** Resident memory in bytes (VmRSS). */
export function residentBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb[1]) * 1024;
}

function children(pid: number): number[] {
  const ids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ids.push(...readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number));
    } catch {
      // the thread ended meanwhile
    }
  }
  return ids;
}

/** The command names of every living descendant (children, their children…). */
export function descendantCommands(pid: number): string[] {
  const names: string[] = [];
  const walk = (p: number) => {
    for (const c of children(p)) {
      try {
        names.push(readFileSync(`/proc/${c}/comm`, "utf8").trim());
        walk(c);
      } catch {
        // it ended meanwhile
      }
    }
  };
  walk(pid);
  return names;
}

/** CPU clock ticks used by the children the process has waited for (cutime + cstime). */
export function finishedChildrenTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command name: state is field 3, cutime and cstime are fields 16 and 17.
  return Number(fields[13]) + Number(fields[14]);
}
