// "Complete mobile captcha login page implementation" from the official docs, as written there.
// Changes, each marked "demo:": alert() became an inline message (readable by screen readers, no
// modal), the resend button the docs count down on gets its click handler, and focus moves to the
// code field once a code is sent. The auth calls and the messages are the docs' own.
import { auth } from "./app.js";

class PhoneLoginPage {
  constructor() {
    this.setupEventListeners();
  }

  // Set up event listening
  setupEventListeners() {
    document.getElementById("sendCodeBtn").addEventListener("click", (e) => {
      e.preventDefault();
      this.sendVerificationCode();
    });
    document.getElementById("verifyCodeBtn").addEventListener("click", (e) => {
      e.preventDefault();
      this.verifyCodeAndLogin();
    });
    // demo: the docs count down on #resendBtn and show it for an expired code; a click sends a new code.
    document.getElementById("resendBtn").addEventListener("click", (e) => {
      e.preventDefault();
      this.sendVerificationCode();
    });
  }

  // Send verification code
  async sendVerificationCode() {
    const phone = document.getElementById("phone").value;
    if (!phone) {
      this.alert("Enter your phone number");
      return;
    }
    // Verify phone number format
    if (!this.validatePhone(phone)) {
      this.alert("Enter a valid mobile number format");
      return;
    }
    // Display loading...
    this.showLoading(true);
    this.hideError();
    try {
      const { data, error } = await auth.signInWithOtp({
        phone: phone,
      });
      if (error) {
        this.handleSendCodeError(error);
      } else {
        this.handleSendCodeSuccess(data);
      }
    } catch (error) {
      this.handleNetworkError(error);
    } finally {
      this.showLoading(false);
    }
  }

  // Verify the Captcha and log in
  async verifyCodeAndLogin() {
    const code = document.getElementById("code").value;
    if (!code) {
      this.alert("Please enter Captcha");
      return;
    }
    if (!this.verifyFunction) {
      this.alert("Please first send Captcha");
      return;
    }
    this.showLoading(true);
    this.hideError();
    try {
      const { data, error } = await this.verifyFunction({ token: code });
      if (error) {
        this.handleVerifyError(error);
      } else {
        this.handleLoginSuccess(data);
      }
    } catch (error) {
      this.handleNetworkError(error);
    } finally {
      this.showLoading(false);
    }
  }

  // Verify phone number format
  validatePhone(phone) {
    const phoneRegex = /^1[3-9]\d{9}$/;
    return phoneRegex.test(phone);
  }

  // Handle send verification code success
  handleSendCodeSuccess(data) {
    this.verifyFunction = data.verifyOtp;
    // Display the Captcha input area
    document.getElementById("verificationSection").style.display = "block";
    document.getElementById("phoneSection").style.display = "none";
    document.getElementById("code").focus(); // demo: keyboard users continue where the code goes
    // Countdown starts
    this.startCountdown(60);
    document.getElementById("success").innerText =
      "The Captcha has been sent to your mobile phone. Please check your inbox.";
    document.getElementById("success").style.display = "block";
  }

  // Handle send verification error
  handleSendCodeError(error) {
    switch (error.code) {
      case "invalid_phone":
        document.getElementById("error").innerText =
          "Incorrect phone number format, please check and retry.";
        break;
      case "user_not_found":
        document.getElementById("error").innerText =
          "This phone number is unregistered. Please first register or use another mobile number.";
        break;
      case "resource_exhausted":
        document.getElementById("error").innerText = "Sending frequency too high, try again later";
        break;
      case "unreachable":
        document.getElementById("error").innerText =
          "network connection failed, check the network settings";
        break;
      default:
        document.getElementById("error").innerText =
          "send Captcha failed: " + error.message;
    }
    document.getElementById("error").style.display = "block";
  }

  // Handle verification error
  handleVerifyError(error) {
    switch (error.code) {
      case "invalid_code":
        document.getElementById("error").innerText = "Captcha error, please enter again";
        break;
      case "code_expired":
        document.getElementById("error").innerText = "Captcha expired, please obtain again";
        // Display the resend button
        document.getElementById("resendBtn").style.display = "block";
        break;
      case "max_attempts_exceeded":
        document.getElementById("error").innerText = "Too many verification attempts, try again later";
        break;
      default:
        document.getElementById("error").innerText =
          "verification failed: " + error.message;
    }
    document.getElementById("error").style.display = "block";
  }

  // handle successful login
  handleLoginSuccess(data) {
    document.getElementById("success").innerText = "Login successful. Welcome back";
    document.getElementById("success").style.display = "block";
    console.log("user information:", data.user);
    console.log("session information:", data.session);
    // Navigate to the homepage after a delay
    setTimeout(() => {
      window.location.href = "/dashboard";
    }, 2000);
  }

  // Handle network error
  handleNetworkError(error) {
    document.getElementById("error").innerText =
      "Network error, check the network connection and try again.";
    document.getElementById("error").style.display = "block";
    console.error("network error:", error);
  }

  // demo: the docs call alert(message) here; an inline alert region says the same without a modal.
  alert(message) {
    document.getElementById("error").innerText = message;
    document.getElementById("error").style.display = "block";
  }

  // Show/Hide loading...
  showLoading(show) {
    document.getElementById("loading").style.display = show ? "block" : "none";
    document.getElementById("sendCodeBtn").disabled = show;
    document.getElementById("verifyCodeBtn").disabled = show;
  }

  // Hide error info
  hideError() {
    document.getElementById("error").style.display = "none";
  }

  // Countdown starts
  startCountdown(seconds) {
    let countdown = seconds;
    const btn = document.getElementById("resendBtn");
    const originalText = btn.innerText;
    btn.disabled = true;
    const timer = setInterval(() => {
      countdown--;
      btn.innerText = `${countdown}s to resend`;
      if (countdown <= 0) {
        clearInterval(timer);
        btn.disabled = false;
        btn.innerText = originalText;
      }
    }, 1000);
  }
}

// Initialize upon page loading completion (demo: also when this module runs after DOMContentLoaded,
// which happens while the package's wasm is still loading).
if (document.readyState === "loading") {
  window.addEventListener("DOMContentLoaded", () => {
    new PhoneLoginPage();
  });
} else {
  new PhoneLoginPage();
}
