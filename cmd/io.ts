// What a command may use of its process: the streams, the environment, the working directory.

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The directory relative paths are read from (export writes its schema modeline relative to it). */
  cwd: string;
  /** The process id, which the emulator prints so it can be stopped with `kill`; absent in-process. */
  pid?: number;
  /** Aborted when the user asks the process to stop (SIGINT/SIGTERM). */
  interrupted?: AbortSignal;
}
