// Where the sign-in pages lead: the signed-in user (auth.getUser()) and the docs' "User logout".
import { $, auth, checkAuthStatus, onSignOut, userLabel, say } from "./app.js";

async function show() {
  const { ok, user, error } = await checkAuthStatus();
  if (!ok) return say($("error"), `Check login status failed: ${error.message}`);
  $("signOutBtn").hidden = !user;
  $("to-login").hidden = !!user;
  $("profile").hidden = !user;
  if (!user) {
    $("login-status").textContent = "Not signed in.";
    return;
  }
  $("login-status").textContent = `Welcome, ${userLabel(user)}.`;
  const { data, error: userError } = await auth.getUser();
  if (userError) return say($("error"), `getUser failed: ${userError.message}`);
  const u = data.user;
  const rows = [
    ["User id", u.id],
    ["E-mail", u.email],
    ["Phone", u.phone],
    ["Name", u.user_metadata?.name],
    ["Signed in with", u.app_metadata?.provider],
    ["Linked providers", (u.identities ?? []).map((i) => i.provider).join(", ")],
    ["Last sign-in", u.last_sign_in_at],
  ].filter(([, v]) => v);
  $("profile").replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    dt.textContent = k;
    dd.textContent = v;
    return [dt, dd];
  }));
}

onSignOut(show);

show();
