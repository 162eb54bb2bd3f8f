// The docs' "User registration example": step 1 auth.signUp({ email, password }) sends a code,
// step 2 data.verifyOtp({ token }) checks it and signs the new user in. The docs run both steps in
// one function with the code as an argument; here the person types the code in between.
import { $, auth, say, sayWithLink } from "./app.js";
let pending = null; // the `data` of step 1, holding verifyOtp

$("signup-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  clearErrors();
  const email = $("email").value.trim();
  const password = $("password").value;
  if (!$("email").checkValidity() || !email) return fieldError("email", "Enter a valid e-mail address.");
  if (password.length < 8) return fieldError("password", "The password needs at least 8 characters.");
  $("sendBtn").disabled = true;
  // Step 1: Send verification.
  const { data, error } = await auth.signUp({
    email: email,
    password: password,
  });
  $("sendBtn").disabled = false;
  if (error) {
    console.error("send Captcha failed:", error.message);
    return say($("error"), `send Captcha failed: ${error.message}`);
  }
  console.log("Captcha has been sent, validating...");
  pending = data;
  $("sent-to").textContent = email;
  $("verify-form").hidden = false;
  say($("success"), `A verification code has been sent to ${email}.`);
  $("code").focus();
});

$("verify-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  clearErrors();
  const verificationCode = $("code").value.trim();
  if (!/^\d{6}$/.test(verificationCode)) return fieldError("code", "Enter the 6-digit code from the e-mail.");
  $("registerBtn").disabled = true;
  // Step 2: Verify the Captcha and complete registration
  const { data: loginData, error: loginError } = await pending.verifyOtp({
    token: verificationCode,
  });
  $("registerBtn").disabled = false;
  if (loginError) {
    console.error("verification failed:", loginError.message);
    return say($("error"), `verification failed: ${loginError.message}`);
  }
  console.log("register successfully:", loginData.user?.email);
  $("signup-form").hidden = true;
  $("verify-form").hidden = true;
  sayWithLink($("success"), `register successfully: ${loginData.user?.email}.`, "/dashboard", "Go to your dashboard");
  $("success").querySelector("a").focus();
});

function fieldError(id, message) {
  say($("error"), message);
  $(id).setAttribute("aria-invalid", "true");
  $(id).focus();
}

function clearErrors() {
  say($("error"), "");
  for (const input of document.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}
