/**
 * `psoxy serve --workers N`: N server processes sharing one listening port (node:cluster; the primary
 * accepts connections and hands them to the workers in turn). A Node process runs JavaScript on one
 * core and sanitizing is CPU work, so on a machine with more cores more workers serve more requests.
 *
 * The primary only supervises:
 * - it starts one worker, and the others once the first is listening, so that a configuration error
 *   is reported once and not N times;
 * - it restarts a worker that dies, unless workers keep dying (then it stops them all and exits 1);
 * - SIGINT / SIGTERM: it asks every worker to stop (each finishes its in-flight requests) and exits
 *   when they have; a second signal kills them at once.
 * Workers share the secrets file; the caller creates it before any worker starts (one salt for all),
 * and token refreshes are serialized across processes by the file store's lock files.
 */
import cluster, { type Worker } from "node:cluster";

/** The message a worker gets from the primary when it should stop (see `onStopRequest`). */
export const STOP_MESSAGE = "psoxy:stop";

/** More unexpected exits than this within CRASH_WINDOW_MS: a crash loop, not a one-off. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

export interface SupervisorLog {
  info(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

/**
 * Runs `workers` copies of this process's command as cluster workers; resolves with the exit code the
 * primary should exit with once they have all stopped.
 */
export function superviseWorkers(workers: number, log: SupervisorLog): Promise<number> {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  return new Promise((done) => {
    let stopping = false;
    let started = false;
    let exitCode = 0;
    const crashes: number[] = [];
    const listening = new Set<Worker>();

    const fork = () => {
      const w = cluster.fork();
      w.once("listening", () => {
        listening.add(w);
        if (!started) {
          started = true;
          for (let i = 1; i < workers; i++) fork();
        }
      });
    };

    const stopAll = (signal: NodeJS.Signals | "crash") => {
      if (stopping) {
        // a second signal: do not wait for in-flight requests
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
        return;
      }
      stopping = true;
      log.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, "stopping workers");
      for (const w of Object.values(cluster.workers ?? {})) {
        if (w?.isConnected()) w.send(STOP_MESSAGE);
        else w?.process.kill("SIGTERM");
      }
    };

    cluster.on("exit", (w, code, signal) => {
      const wasListening = listening.delete(w);
      const remaining = Object.keys(cluster.workers ?? {}).length;
      if (stopping) {
        if (remaining === 0) done(exitCode);
        return;
      }
      if (!wasListening && !started) {
        // the first worker could not start: it has said why; there is no point in starting others
        done(code ?? 1);
        return;
      }
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
      log.error(
        { pid: w.process.pid, code, signal, restarting: crashes.length <= MAX_CRASHES },
        "worker exited",
      );
      if (crashes.length > MAX_CRASHES) {
        exitCode = 1;
        stopAll("crash");
        if (remaining === 0) done(exitCode);
        return;
      }
      fork();
    });

    process.on("SIGINT", () => stopAll("SIGINT"));
    process.on("SIGTERM", () => stopAll("SIGTERM"));
    fork();
  });
}

/**
 * In a worker: calls `stop` when the primary asks it to. Terminal Ctrl-C reaches every process of the
 * group; a worker leaves SIGINT to the primary (which asks it to stop), so one Ctrl-C means one stop.
 */
export function onStopRequest(stop: () => void): void {
  process.on("message", (m) => {
    if (m === STOP_MESSAGE) stop();
  });
  process.on("SIGINT", () => {});
}

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}
