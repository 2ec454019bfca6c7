// What main does when something fails outside every try: the main process's uncaught
// exceptions and unhandled rejections, and the window's renderer process going away.
// Everything is logged; the user is told in plain words, with where the details are.
// Electron is reached through the few functions passed in, so the unit tests can play it.

import type { Logger } from './log-file';

export interface CrashNotices {
  /** A notice the user acknowledges (Electron: dialog.showErrorBox / showMessageBox). */
  tell(title: string, message: string): void;
}

/**
 * Logs uncaught exceptions and unhandled rejections. Like Electron's own default, the app
 * keeps running after an uncaught exception (settings and drafts are written atomically,
 * so none is half-written); the user is told once, with the log's path.
 */
export function installProcessCrashHandlers(
  target: Pick<NodeJS.Process, 'on'>,
  log: Logger,
  notices: CrashNotices,
): void {
  let told = false;
  target.on('uncaughtException', (error: Error, origin: string) => {
    log.error(`Uncaught exception in the main process (${origin})`, error);
    if (told) return;
    told = true;
    notices.tell(
      'Billing Desk ran into an unexpected problem',
      'Something failed inside Billing Desk. Your saved settings and your draft are kept on disk. ' +
        `If Billing Desk misbehaves from now on, restart it. The details are in the log file: ${log.filePath}`,
    );
  });
  target.on('unhandledRejection', (reason: unknown) => {
    log.error('Unhandled promise rejection in the main process', reason);
  });
}

/** Electron's reasons for a renderer process going away, in words. */
const GONE_REASONS: Record<string, string> = {
  'abnormal-exit': 'it stopped abnormally',
  killed: 'it was ended from outside Billing Desk',
  crashed: 'it crashed',
  oom: 'it ran out of memory',
  'launch-failed': 'it could not be started',
  'integrity-failure': 'its code failed an integrity check',
  'memory-eviction': 'the system took back its memory',
};

export interface RenderProcessGoneDetails {
  reason: string;
  exitCode: number;
}

export interface RendererCrashActions extends CrashNotices {
  /** Loads the window's page again (a new renderer process). */
  reload(): void;
  /** Asks whether to reload or quit; resolves true for reload. */
  askReload(title: string, message: string): Promise<boolean>;
  quit(): void;
}

/**
 * The listener for a window's `render-process-gone`: logs it; the first time, reloads the
 * page and says so (the form comes back from main: saved settings, and what was typed as
 * the draft); after that, asks, so that a page that keeps failing does not loop.
 */
export function rendererCrashHandler(log: Logger, actions: RendererCrashActions): (details: RenderProcessGoneDetails) => void {
  let reloaded = false;
  return ({ reason, exitCode }) => {
    if (reason === 'clean-exit') {
      log.info('The window’s page process exited normally');
      return;
    }
    const what = GONE_REASONS[reason] ?? `it stopped (${reason})`;
    log.error(`The window’s page process is gone: ${reason}, exit code ${exitCode}`);
    const kept =
      'Your saved settings are not affected, and what you had typed was kept as a draft by Billing Desk ' +
      '(the last second of typing may be missing); the draft banner offers it again.';
    if (!reloaded) {
      reloaded = true;
      actions.reload();
      actions.tell('Billing Desk’s window was reloaded', `The window stopped working: ${what}. It was loaded again. ${kept}`);
      return;
    }
    void actions
      .askReload(
        'Billing Desk’s window stopped working again',
        `The window stopped working again: ${what}. ${kept} Reload it, or quit and start Billing Desk again. ` +
          `The details are in the log file: ${log.filePath}`,
      )
      .then((reload) => {
        log.info(reload ? 'The user reloaded the window after a second failure' : 'The user quit after the window failed again');
        if (reload) actions.reload();
        else actions.quit();
      })
      .catch((error: unknown) => log.error('Could not ask whether to reload the window', error));
  };
}

/** Chromium's console levels as ours: a page's errors and warnings go to main's log. */
export function consoleMessageLogger(log: Logger): (details: { level: string; message: string; sourceId?: string; lineNumber?: number }) => void {
  return ({ level, message, sourceId, lineNumber }) => {
    const where = sourceId ? ` (${sourceId}${lineNumber ? `:${lineNumber}` : ''})` : '';
    const text = `[page] ${message}${where}`;
    if (level === 'error') log.error(text);
    else if (level === 'warning') log.warn(text);
    else if (level === 'info') log.debug(text);
  };
}
