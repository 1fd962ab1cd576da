//! Heap held by idle online sessions, measured with a counting global
//! allocator (issue: at most 2 KiB each). Prints the figures; run with
//! `cargo test --test session_memory -- --nocapture` to see them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use xmpp_sansio::jid::Jid;
use xmpp_sansio::sasl::MemoryCredentials;
use xmpp_sansio::session::{
    ClientConfig, ClientEvent, ClientSession, ServerConfig, ServerEvent, ServerSession, TlsPolicy,
};
use xmpp_sansio::stanza::Message;

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::SeqCst)
}

/// Logs a client in against a server, exchanges a message each way, and
/// returns both sessions idle and online.
fn online_pair(store: Arc<MemoryCredentials>) -> (ClientSession, ServerSession) {
    let now = Instant::now();
    let mut sc = ServerConfig::new("localhost", store);
    sc.nonce = Some("SERVERNONCE".into());
    sc.stream_id_prefix = Some("s".into());
    let mut server = ServerSession::new(sc, now);
    let cc = ClientConfig::new(Jid::new("alice@localhost/phone").unwrap(), "alicepass")
        .with_tls(TlsPolicy::Disabled)
        .with_nonce("CLIENTNONCE");
    let mut client = ClientSession::new(cc, now);
    let mut sent = false;
    for _ in 0..50 {
        while let Some(b) = client.poll_transmit() {
            server.handle_input(&b).unwrap();
        }
        while let Some(b) = server.poll_transmit() {
            client.handle_input(&b).unwrap();
        }
        while let Some(e) = server.poll_event() {
            match e {
                ServerEvent::BindRequest { requested } => {
                    server.accept_bind(&requested.unwrap_or_default()).unwrap();
                }
                ServerEvent::Stanza(s) => {
                    let from = s.from().cloned().unwrap();
                    server.send(Message::chat(from).with_body("pong")).unwrap();
                }
                _ => {}
            }
        }
        while let Some(e) = client.poll_event() {
            if let ClientEvent::Online { .. } = e
                && !sent
            {
                sent = true;
                client
                    .send(Message::chat(Jid::new("bob@localhost").unwrap()).with_body("ping"))
                    .unwrap();
            }
        }
    }
    assert!(client.is_online() && server.is_online());
    (client, server)
}

#[test]
fn idle_online_sessions_hold_at_most_2_kib() {
    let mut users = MemoryCredentials::new();
    users
        .add_user("alice", "alicepass", b"0123456789abcdef", 4096)
        .unwrap();
    let store = Arc::new(users);

    let baseline = live();
    let (mut client, mut server) = online_pair(store.clone());
    // Idle: time passes with no input (two ticks: the first one notes that
    // input came, the second one finds the session quiet).
    let t = Instant::now();
    for s in [1, 2] {
        client.handle_timeout(t + std::time::Duration::from_secs(s));
        server.handle_timeout(t + std::time::Duration::from_secs(s));
    }
    while client.poll_transmit().is_some() || server.poll_transmit().is_some() {}
    let both = live() - baseline;
    drop(server);
    let client_only = live() - baseline;
    let server_only = both - client_only;
    drop(client);
    let leftover = live() - baseline;
    println!(
        "idle online ClientSession: {client_only} bytes; ServerSession: {server_only} bytes \
         (heap, counting allocator; leftover after drop: {leftover})"
    );
    assert!(client_only <= 2048, "client holds {client_only} bytes");
    assert!(server_only <= 2048, "server holds {server_only} bytes");
    assert_eq!(leftover, 0, "dropping both sessions frees everything");
}
