// Start page: the docs' "Check login status" and "User logout" examples.
import { $, app, checkAuthStatus, onSignOut, userLabel, say } from "./app.js";

$("env-id").textContent = app.config.env;

async function showStatus() {
  const { ok, user, error } = await checkAuthStatus();
  if (!ok) return say($("error"), `Check login status failed: ${error.message}`);
  $("login-status").textContent = user ? `Signed in as ${userLabel(user)}.` : "Not signed in.";
  $("signOutBtn").hidden = !user;
}

onSignOut(showStatus);

showStatus();
