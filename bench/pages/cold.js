// One page load of an SDK (ours.html / official.html map "sdk" to it): import, the docs' init,
// the first getSession(). Times are from performance.now(), i.e. since navigation start.
import cloudbase from "sdk";

const tInit = performance.now();
const q = new URLSearchParams(location.search);
const app = cloudbase.init({ env: q.get("env"), region: "ap-shanghai" });
app.registerEndPointWithKey({ key: "GATEWAY", url: q.get("emu").replace(/^http:/, "") + "/v1", protocol: "http" });
const { data, error } = await app.auth.getSession();
const tDone = performance.now();
window.auth = app.auth;
/** One sign-in for the bench driver: "password" or "anonymous"; throws on an error. */
window.signIn = async (how, email, password) => {
  const r = how === "password" ? await app.auth.signInWithPassword({ email, password }) : await app.auth.signInAnonymously();
  if (r.error) throw new Error(`${how}: ${r.error.code || r.error.message}`);
};
window.__bench = { nav: tDone, init: tDone - tInit, signedIn: !!data?.session, error: error ? error.code || error.message : null };
// The driver waits for this message, not by polling the page: a polling script compiled in the page
// while the SDK is still starting would be counted as the SDK's time.
console.log("bench:done");
