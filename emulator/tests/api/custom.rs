//! Custom login: `POST /_emulator/tickets` and `POST /auth/v1/signin/custom`.

use crate::common;

use common::{env, jwt_part, start, Resp, TestServer};
use serde_json::json;

fn ticket(s: &TestServer, e: &str, user_id: &str) -> String {
    let r = s.post("/_emulator/tickets", &json!({"env": e, "user_id": user_id}));
    let b = r.ok();
    assert_eq!(b["user_id"], user_id);
    assert_eq!(b["expires_in"], 600);
    b["ticket"].as_str().unwrap().to_string()
}

fn signin_custom(s: &TestServer, e: &str, ticket: &str) -> Resp {
    s.post(
        &format!("/auth/v1/signin/custom?client_id={e}"),
        &json!({"provider_id": "custom", "ticket": ticket}),
    )
}

#[test]
fn ticket_signs_in_once_creating_the_user() {
    let s = start();
    let e = env();
    let t = ticket(&s, &e, "crm-user-42");
    let r = signin_custom(&s, &e, &t);
    let b = r.ok();
    assert_eq!(b["sub"], "crm-user-42");
    assert_eq!(b["scope"], "user");
    let claims = jwt_part(b["access_token"].as_str().unwrap(), 1);
    assert_eq!(claims["user_id"], "crm-user-42");
    let me = s.me(b["access_token"].as_str().unwrap());
    assert_eq!(me.ok()["user_id"], "crm-user-42");
    // Single use.
    let again = signin_custom(&s, &e, &t);
    assert!(
        again.expect_error("invalid_grant", 400)["error_description"]
            .as_str()
            .unwrap()
            .contains("already used")
    );
    // A second ticket for the same id signs in the same user.
    let t2 = ticket(&s, &e, "crm-user-42");
    assert_eq!(signin_custom(&s, &e, &t2).ok()["sub"], "crm-user-42");
}

#[test]
fn ticket_for_an_existing_user() {
    let s = start();
    let e = env();
    let id = s.create_user(&e, json!({"username": "hal", "name": "Hal"}));
    let t = ticket(&s, &e, &id);
    let b = signin_custom(&s, &e, &t);
    let at = b.ok()["access_token"].as_str().unwrap().to_string();
    assert_eq!(s.me(&at).ok()["username"], "hal");
}

#[test]
fn bad_tickets() {
    let s = start();
    let e = env();
    signin_custom(&s, &e, "cbt-made-up").expect_error("invalid_grant", 400);
    // Another env's ticket (and it is consumed by the try).
    let t = ticket(&s, &env(), "u1");
    signin_custom(&s, &e, &t).expect_error("invalid_grant", 400);
    // Expired after ten minutes.
    let t = ticket(&s, &e, "u2");
    s.post("/_emulator/clock", &json!({"advance_seconds": 601}))
        .ok();
    let r = signin_custom(&s, &e, &t);
    assert!(r.expect_error("invalid_grant", 400)["error_description"]
        .as_str()
        .unwrap()
        .contains("expired"));
    let path = format!("/auth/v1/signin/custom?client_id={e}");
    s.post(&path, &json!({"provider_id": "custom"}))
        .expect_error("invalid_argument", 400);
    s.post(&path, &json!({"provider_id": "github", "ticket": "x"}))
        .expect_error("invalid_argument", 400);
    s.post(&path, &json!({"provider_id": "custom", "ticket": 7}))
        .expect_error("invalid_argument", 400);
    s.call("POST", &path, &[], Some("{bad"))
        .expect_error("invalid_argument", 400);
    s.post(
        "/auth/v1/signin/custom",
        &json!({"provider_id": "custom", "ticket": "x"}),
    )
    .expect_error("invalid_argument", 400);
    // Ticket endpoint input.
    for body in [
        json!({}),
        json!({"env": e}),
        json!({"user_id": "x"}),
        json!({"env": e, "user_id": "has space"}),
        json!({"env": e, "user_id": "x".repeat(65)}),
        json!({"env": e, "user_id": 5}),
    ] {
        s.post("/_emulator/tickets", &body)
            .expect_error("invalid_argument", 400);
    }
}
