// The headless browsers the page tests run in, chosen by the BROWSER environment variable:
//   chromium (default)  Debian's chromium through the Chrome DevTools Protocol;
//   firefox             Debian's firefox-esr through WebDriver BiDi (Playwright's `moz-firefox`
//                       channel). Stock Firefox has no Juggler, Playwright's own Firefox protocol.
// Executables: CHROMIUM and FIREFOX override the Debian paths.
import { chromium, firefox } from 'playwright-core';
import { server } from 'playwright-core/lib/coreBundle';

/** The browser this run uses. */
export const BROWSER = process.env.BROWSER ?? 'chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Quiet, deterministic Firefox: no update checks, telemetry or first-run pages.
const FIREFOX_PREFS = {
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
};

/**
 * Playwright 1.65 sends `emulation.setMediaFeaturesOverride` (prefers-color-scheme) for every new
 * context; Firefox ESR 153 does not implement that BiDi command and answers "unknown command",
 * which fails `newContext()`. No test emulates media features, so the command is answered here
 * with an empty success instead of being sent. Every other command goes to Firefox unchanged.
 */
function answerMissingBidiCommands() {
  const proto = server.WebSocketTransport.prototype;
  if (proto.send.answersMissingBidi) return;
  const send = proto.send;
  proto.send = function sendOrAnswer(message) {
    if (message?.method !== 'emulation.setMediaFeaturesOverride') return send.call(this, message);
    setImmediate(() => this.onmessage?.({ type: 'success', id: message.id, result: {} }));
  };
  proto.send.answersMissingBidi = true;
}

/** Launches the headless browser named by BROWSER. */
export function launchBrowser() {
  if (BROWSER === 'chromium') {
    return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  }
  if (BROWSER === 'firefox') {
    answerMissingBidiCommands();
    return firefox.launch({
      channel: 'moz-firefox', executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr', headless: true, firefoxUserPrefs: FIREFOX_PREFS,
    });
  }
  throw new Error(`BROWSER=${BROWSER}: expected chromium or firefox`);
}
