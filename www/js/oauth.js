// OAuth: auth.signInWithOAuth({ provider }) redirects to the provider; back here, the SDK's
// detectSessionInUrl (set in app.js) finishes the sign-in and reports it through onAuthStateChange.
import { $, auth, userLabel, say, sayWithLink } from "./app.js";

for (const button of document.querySelectorAll("button.provider")) {
  button.addEventListener("click", async () => {
    say($("error"), "");
    button.disabled = true;
    const { error } = await auth.signInWithOAuth({ provider: button.dataset.provider });
    // On success the browser is already leaving for the provider.
    if (error) {
      button.disabled = false;
      say($("error"), `signInWithOAuth failed: ${error.message}`);
    }
  });
}

// The redirect back: SIGNED_IN carries the session, or `info.error` when the sign-in failed
// (a wrong code, or the person cancelled at the provider: `?error=access_denied`).
const { data } = auth.onAuthStateChange((event, session, info) => {
  if (event !== "SIGNED_IN") return;
  if (info?.error) {
    say($("error"), `Sign-in failed: ${info.error.message}`);
  } else if (session) {
    sayWithLink($("success"), `Signed in as ${userLabel(session.user)}.`, "/dashboard", "Go to your dashboard");
  }
  data.subscription.unsubscribe();
});

