// The streams and working directory a CLI command runs with (process.* in main.ts; fakes in tests).
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  cwd: string;
}

export type CommandRun = (args: string[], io: CliIo) => Promise<number>;
