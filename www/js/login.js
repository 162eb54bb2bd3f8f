// The docs' "Password login" example behind a form; on success the dashboard opens.
import { $, auth, say } from "./app.js";

// Password login example
async function loginWithPassword(email, password) {
  const { data, error } = await auth.signInWithPassword({
    email: email,
    password: password,
  });
  if (error) {
    console.error("login failed:", error.message);
    say($("error"), `login failed: ${error.message}`);
    return false;
  } else {
    console.log("login successful:", data.user?.email);
    say($("success"), `login successful: ${data.user?.email}`);
    return true;
  }
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  say($("error"), "");
  say($("success"), "");
  const email = $("email").value.trim();
  const password = $("password").value;
  if (!email || !password) {
    say($("error"), "Enter your e-mail and password.");
    $(email ? "password" : "email").focus();
    return;
  }
  $("loginBtn").disabled = true;
  const ok = await loginWithPassword(email, password);
  $("loginBtn").disabled = false;
  if (ok) setTimeout(() => { window.location.href = "/dashboard"; }, 1000);
  else $("password").select();
});
