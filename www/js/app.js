// Shared by every demo page: the official docs' "Initialization Configuration", pointed at the
// emulator, plus the page chrome (navigation, the live onAuthStateChange log, the outbox panel).
// "cloudbase-auth-wasm" is mapped to /pkg/index.js by each page's import map; with the official
// SDK this line reads `import cloudbase from "@cloudbase/js-sdk"` and nothing else changes.
import cloudbase from "cloudbase-auth-wasm";
import { emulatorUrl, envId } from "./config.js";
import { mountChrome, logEvent } from "./chrome.js";

mountChrome({ emulatorUrl, envId });

// Initialize it.
export const app = cloudbase.init({
  env: envId, // Replace this value with your environment ID
  region: "ap-shanghai", // Region, defaults to Shanghai
  accessKey: "", // Fill in the generated Publishable Key
  auth: {
    detectSessionInUrl: true, // Option: automatically detect OAuth parameters in the URL, suitable for signInWithOAuth, linkIdentity
  },
});
// Local development: send auth requests to the emulator instead of the cloud gateway.
app.registerEndPointWithKey({ key: "GATEWAY", url: emulatorUrl.replace(/^https?:/, "") + "/v1", protocol: new URL(emulatorUrl).protocol.slice(0, -1) });
export const auth = app.auth;

// Listen to authentication status transition (the docs' listener, logging to the page as well).
auth.onAuthStateChange((event, session, info) => {
  const who = session?.user ? userLabel(session.user) : "";
  const messages = {
    INITIAL_SESSION: session ? "initial session established, user logged in" : "initial session established, user not logged in",
    SIGNED_IN: info?.error ? `login failed: ${info.error.message}` : "user login successful",
    SIGNED_OUT: "user logged out",
    PASSWORD_RECOVERY: "password reset",
    TOKEN_REFRESHED: "Token refreshed",
    USER_UPDATED: "user information updated",
    BIND_IDENTITY: "identity source binding result",
  };
  console.log("Authentication Status Transition:", event);
  logEvent(event, messages[event] ?? "", who);
});

/** The docs' "Check login status" example; resolves to the signed-in user or null. */
export async function checkAuthStatus() {
  const { data, error } = await auth.getSession();
  if (error) {
    console.error("Check login status failed:", error.message);
    return { ok: false, error };
  }
  if (data.session) {
    console.log("user logged in:", data.session.user);
    return { ok: true, user: data.session.user };
  } else {
    console.log("user not logged in");
    return { ok: true, user: null };
  }
}

/** The docs' "User logout" example. */
export async function logoutUser() {
  const { data, error } = await auth.signOut();
  if (error) {
    console.error("logout failed:", error.message);
    return { ok: false, error };
  } else {
    console.log("logout successful, session purged");
    return { ok: true };
  }
}

/**
 * Wires the page's #signOutBtn to the docs' logoutUser(): errors go to #error; on success `refresh()`
 * redraws the page and focus moves to the #to-login link that replaces the button.
 */
export function onSignOut(refresh) {
  $("signOutBtn").addEventListener("click", async () => {
    say($("error"), "");
    const { ok, error } = await logoutUser();
    if (!ok) return say($("error"), `logout failed: ${error.message}`);
    await refresh();
    $("to-login").focus();
  });
}

/** A short label for a user: e-mail, phone, username or id. */
export function userLabel(user) {
  if (user.is_anonymous) return "an anonymous user";
  return user.email || user.phone || user.user_metadata?.username || user.user_metadata?.name || user.id;
}

/** Shows `text` in a status line (role=status) or an error line (role=alert); empty text hides it. */
export function say(el, text) {
  el.textContent = text;
  el.hidden = !text;
}

/** Shows `text` followed by a link, e.g. "Signed in. Go to your dashboard". */
export function sayWithLink(el, text, href, label) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = label;
  el.replaceChildren(text + " ", a);
  el.hidden = false;
}

/** document.getElementById. */
export const $ = (id) => document.getElementById(id);
