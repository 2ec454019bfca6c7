// The Month-end screen's channels: the view, load and cancel, "Close month", and the two
// exports through the save dialog in main — the CSV, and the PDF Chromium prints of the
// screen with its print stylesheet.

import type { MONTH_END_CHANNELS, MonthEndLoadState } from '../../common/contract/month-end';
import type { StripeMode } from '../../common/stripe-keys';
import type { ChannelHandlers } from '../ipc/handler-table';
import type { NativeShell } from '../native-shell';
import { ClosedMonthsStore } from './closed-months-store';
import { MonthEndScreen } from './month-end-screen';
import { monthEndSession, type MonthEndSettings, type MonthEndTuning } from './month-end-session';

export function monthEndChannels(screen: MonthEndScreen, native: NativeShell): ChannelHandlers<typeof MONTH_END_CHANNELS> {
  return {
    'month-end:get': () => screen.view(),
    'month-end:load': ({ month }) => screen.load(month),
    'month-end:cancel': () => screen.cancel(),
    'month-end:close': () => screen.close(),
    'month-end:export-csv': async () => {
      const csv = screen.csv();
      if (!csv) return null;
      const savedTo = await native.saveFile('Export month-end CSV', csv.name, csv.text, 'csv');
      return savedTo ? { savedTo } : null;
    },
    'month-end:export-pdf': async () => {
      const report = screen.loaded;
      if (!report) return null;
      const pdf = await native.printToPdf();
      const savedTo = await native.saveFile('Export month-end report', `month-end-${report.month}-${report.mode}.pdf`, pdf, 'pdf');
      return savedTo ? { savedTo } : null;
    },
  };
}

export type { MonthEndTuning };

export interface MonthEndFeatureDeps extends MonthEndSettings {
  activeMode: () => StripeMode;
  /** The folder closed months are kept in (the app's data folder). */
  dataDir: string;
  now?: () => Date;
  onLoadChange?: (state: MonthEndLoadState) => void;
}

/** The screen over the saved settings: a session built for each load, so that new keys or a new connection apply. */
export function createMonthEndScreen(deps: MonthEndFeatureDeps): MonthEndScreen {
  return new MonthEndScreen({
    session: () => monthEndSession(deps),
    activeMode: deps.activeMode,
    store: new ClosedMonthsStore(deps.dataDir),
    ...(deps.tuning ? { tuning: deps.tuning } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.onLoadChange ? { onLoadChange: deps.onLoadChange } : {}),
  });
}
