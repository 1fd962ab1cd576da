//! A `ClientSession` and a `ServerSession` wired together through in-memory
//! buffers: log in with SCRAM-SHA-256, bind, exchange a message and an iq,
//! close. Prints the transcript. Needs nothing installed:
//!
//!     cargo run --example in_memory
//!
//! This is the whole sans-IO loop: feed each side what the other wrote,
//! then drain its outputs (`poll_transmit`, `poll_event`) until empty.

use std::sync::Arc;
use std::time::Instant;

use xmpp_sansio::jid::Jid;
use xmpp_sansio::sasl::MemoryCredentials;
use xmpp_sansio::session::{
    ClientConfig, ClientEvent, ClientSession, ServerConfig, ServerEvent, ServerSession, SmConfig,
    TlsPolicy,
};
use xmpp_sansio::stanza::{Iq, IqPayload, Message, Stanza};
use xmpp_sansio::xml::Element;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let now = Instant::now();

    // The server's account database: SCRAM verifiers, never passwords.
    let mut users = MemoryCredentials::new();
    users.add_user("alice", "alicepass", b"in-memory-salt!!", 4096)?;
    let mut server_config = ServerConfig::new("localhost", Arc::new(users));
    server_config.nonce = Some("server-nonce-1234".into());
    // Offer stream management (XEP-0198): acknowledgements and resumption.
    server_config.stream_management = Some(SmConfig::default());
    let mut server = ServerSession::new(server_config, now);

    // The client: no TLS in memory, so allow it explicitly.
    let client_config = ClientConfig::new(Jid::new("alice@localhost/laptop")?, "alicepass")
        .with_tls(TlsPolicy::Disabled)
        .with_mechanism("SCRAM-SHA-256")
        .with_nonce("client-nonce-5678")
        // Ask for an acknowledgement after every second stanza.
        .with_stream_management(Some(SmConfig {
            request_every: 2,
            ..SmConfig::default()
        }));
    let mut client = ClientSession::new(client_config, now);

    let mut sent_hello = false;
    let mut closed = (false, false);
    for _round in 0..64 {
        let mut progressed = false;
        while let Some(bytes) = client.poll_transmit() {
            println!("C: {}", String::from_utf8_lossy(&bytes));
            server.handle_input(&bytes)?;
            progressed = true;
        }
        while let Some(bytes) = server.poll_transmit() {
            println!("S: {}", String::from_utf8_lossy(&bytes));
            client.handle_input(&bytes)?;
            progressed = true;
        }
        while let Some(event) = server.poll_event() {
            println!("   [server event] {}", describe_server(&event));
            match event {
                ServerEvent::BindRequest { requested } => {
                    let resource = requested.unwrap_or_else(|| "generated".to_owned());
                    server.accept_bind(&resource)?;
                }
                ServerEvent::Stanza(Stanza::Iq(iq)) if iq.is_request() => {
                    // A toy server: answer every request with an empty result.
                    server.send(iq.result_reply())?;
                }
                ServerEvent::Stanza(Stanza::Message(m)) => {
                    // Echo the message back to its sender.
                    let reply = Message::chat(m.from.clone().expect("server stamps from"))
                        .with_body(format!("echo: {}", m.body().unwrap_or_default()));
                    server.send(reply)?;
                }
                ServerEvent::Closed(_) => closed.1 = true,
                _ => {}
            }
            progressed = true;
        }
        while let Some(event) = client.poll_event() {
            println!("   [client event] {}", describe_client(&event));
            match event {
                ClientEvent::Online { .. } if !sent_hello => {
                    sent_hello = true;
                    client
                        .send(Message::chat(Jid::new("localhost")?).with_body("hello, server"))?;
                    let ping = Iq::get(
                        Jid::new("localhost")?,
                        Element::new("ping", "urn:xmpp:ping"),
                    );
                    client.send(ping)?;
                }
                ClientEvent::IqResponse { .. } => client.close(),
                ClientEvent::Closed(_) => closed.0 = true,
                _ => {}
            }
            progressed = true;
        }
        if !progressed {
            break;
        }
    }
    if closed != (true, true) {
        return Err("the sessions did not both close".into());
    }
    println!("done: logged in, exchanged a message and an iq, closed gracefully");
    Ok(())
}

fn describe_client(e: &ClientEvent) -> String {
    match e {
        ClientEvent::Stanza(s) => format!("stanza {}", Element::from(s.clone()).name()),
        ClientEvent::Acked { stanzas } => format!("{} stanzas acknowledged", stanzas.len()),
        ClientEvent::IqResponse { id, iq } => format!(
            "iq response to {id} ({})",
            match iq.payload {
                IqPayload::Error { .. } => "error",
                _ => "result",
            }
        ),
        other => format!("{other:?}"),
    }
}

fn describe_server(e: &ServerEvent) -> String {
    match e {
        ServerEvent::Stanza(s) => format!(
            "stanza {} from {}",
            Element::from(s.clone()).name(),
            s.from().map(|j| j.to_string()).unwrap_or_default()
        ),
        ServerEvent::Acked { stanzas } => format!("{} stanzas acknowledged", stanzas.len()),
        other => format!("{other:?}"),
    }
}
