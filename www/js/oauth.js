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

// The redirect back: SIGNED_IN carries the session, or `info.error` when the sign-in failed.
const { data } = auth.onAuthStateChange((event, session, info) => {
  if (event !== "SIGNED_IN") return;
  if (info?.error) {
    say($("error"), `Sign-in failed: ${info.error.message}`);
  } else if (session) {
    const provider = session.user.app_metadata?.provider ?? "the provider";
    sayWithLink($("success"), `Signed in as ${userLabel(session.user)} with ${provider}.`, "/dashboard", "Go to your dashboard");
  }
  data.subscription.unsubscribe();
});

// The provider's "Cancel" comes back as ?error=access_denied (no code): say so.
const params = new URLSearchParams(location.search);
if (params.get("error")) say($("error"), `Sign-in cancelled at the provider (${params.get("error")}).`);
