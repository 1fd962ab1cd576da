//! Stream management (XEP-0198) against a real server: stanzas survive a
//! broken TCP connection, exactly once.
//!
//! ```text
//! # bob receives; his connection is cut after 4 messages and resumed later
//! cargo run --example sm_resume -- receive --port 5222 --jid bob@localhost/sm \
//!     --password bobpass --tag run1 --expect 18 --drop-after 4
//! # alice sends 10 messages, loses 3 more in flight, cuts her connection,
//! # resumes (the 3 are resent) and sends 5 more
//! cargo run --example sm_resume -- send --port 5222 --jid alice@localhost/sm \
//!     --password alicepass --to bob@localhost/sm --tag run1 --count 10 --lost 3 --after 5
//! ```
//!
//! Connections are cut by closing the socket without `</stream:stream>`, so
//! the server keeps the session for resumption. Between the two
//! connections the resumption state goes through its stored form
//! (`ResumptionState::to_bytes` / `from_bytes`), as an application that
//! restarts would. Plain TCP on loopback (PLAIN/SCRAM without TLS, as the
//! test servers allow). Prints one `step:` line per step, `ok` at the end,
//! `FAIL: …` and exit status 1 otherwise.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use xmpp_sansio::jid::Jid;
use xmpp_sansio::session::{
    ClientConfig, ClientEvent, ClientSession, ResumptionState, SmConfig, TlsPolicy,
};
use xmpp_sansio::stanza::{Message, Stanza};

struct Args {
    mode: String,
    host: String,
    port: u16,
    jid: String,
    password: String,
    mech: Option<String>,
    to: String,
    tag: String,
    count: usize,
    lost: usize,
    after: usize,
    expect: usize,
    drop_after: Option<usize>,
    interval: Duration,
    timeout: Duration,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mode = it.next().ok_or("usage: sm_resume send|receive [options]")?;
    let mut a = Args {
        mode,
        host: "127.0.0.1".into(),
        port: 5222,
        jid: String::new(),
        password: String::new(),
        mech: None,
        to: String::new(),
        tag: "sm".into(),
        count: 10,
        lost: 3,
        after: 5,
        expect: 18,
        drop_after: None,
        interval: Duration::from_millis(200),
        timeout: Duration::from_secs(40),
    };
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let num = |v: String| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--host" => a.host = value()?,
            "--port" => a.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--jid" => a.jid = value()?,
            "--password" => a.password = value()?,
            "--mech" => a.mech = Some(value()?),
            "--to" => a.to = value()?,
            "--tag" => a.tag = value()?,
            "--count" => a.count = num(value()?)?,
            "--lost" => a.lost = num(value()?)?,
            "--after" => a.after = num(value()?)?,
            "--expect" => a.expect = num(value()?)?,
            "--drop-after" => a.drop_after = Some(num(value()?)?),
            "--interval-ms" => a.interval = Duration::from_millis(num(value()?)? as u64),
            "--timeout" => a.timeout = Duration::from_secs(num(value()?)? as u64),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if a.jid.is_empty() {
        return Err("--jid is required".into());
    }
    Ok(a)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let result = match args.mode.as_str() {
        "send" => send(&args),
        "receive" => receive(&args),
        other => Err(format!("unknown mode {other} (send or receive)")),
    };
    match result {
        Ok(()) => println!("ok"),
        Err(e) => {
            println!("FAIL: {e}");
            std::process::exit(1);
        }
    }
}

/// One TCP connection driving one session.
struct Conn {
    tcp: TcpStream,
    session: ClientSession,
    deadline: Instant,
}

impl Conn {
    fn open(args: &Args, resume: Option<ResumptionState>) -> Result<Conn, String> {
        let tcp = TcpStream::connect((args.host.as_str(), args.port))
            .map_err(|e| format!("connect {}:{}: {e}", args.host, args.port))?;
        tcp.set_nodelay(true).ok();
        let jid = Jid::new(&args.jid).map_err(|e| format!("--jid: {e}"))?;
        let mut config = ClientConfig::new(jid, args.password.clone())
            .with_tls(TlsPolicy::Disabled)
            .with_plaintext_auth(true)
            .with_stream_management(Some(SmConfig {
                request_every: 3,
                request_after: Some(Duration::from_millis(300)),
                ..SmConfig::default()
            }));
        if let Some(m) = &args.mech {
            config = config.with_mechanism(m.clone());
        }
        let now = Instant::now();
        let session = match resume {
            Some(state) => ClientSession::resume(config, state, now),
            None => ClientSession::new(config, now),
        };
        Ok(Conn {
            tcp,
            session,
            deadline: now + args.timeout,
        })
    }

    /// Writes what the session queued, reads for up to `wait`, and returns
    /// the events.
    fn step(&mut self, wait: Duration) -> Result<Vec<ClientEvent>, String> {
        if Instant::now() > self.deadline {
            return Err("timed out".into());
        }
        while let Some(out) = self.session.poll_transmit() {
            self.tcp
                .write_all(&out)
                .map_err(|e| format!("write: {e}"))?;
        }
        let wait = match self.session.poll_timeout() {
            Some(t) => wait.min(t.saturating_duration_since(Instant::now())),
            None => wait,
        };
        self.tcp
            .set_read_timeout(Some(wait.max(Duration::from_millis(5))))
            .ok();
        let mut buf = [0u8; 16 * 1024];
        match self.tcp.read(&mut buf) {
            Ok(0) => return Err("the server closed the connection".into()),
            Ok(n) => {
                if std::env::var_os("SM_TRACE").is_some() {
                    eprintln!("S: {}", String::from_utf8_lossy(&buf[..n]));
                }
                self.session
                    .handle_input(&buf[..n])
                    .map_err(|e| format!("input: {e}"))?
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => return Err(format!("read: {e}")),
        }
        self.session.handle_timeout(Instant::now());
        while let Some(out) = self.session.poll_transmit() {
            if std::env::var_os("SM_TRACE").is_some() {
                eprintln!("C: {}", String::from_utf8_lossy(&out));
            }
            self.tcp
                .write_all(&out)
                .map_err(|e| format!("write: {e}"))?;
        }
        let mut events = Vec::new();
        while let Some(e) = self.session.poll_event() {
            if let ClientEvent::Closed(reason) = &e {
                return Err(format!("session closed: {reason:?}"));
            }
            events.push(e);
        }
        Ok(events)
    }

    /// Steps until `done` accepts an event; other events go to `seen`.
    fn until(
        &mut self,
        seen: &mut Vec<ClientEvent>,
        mut done: impl FnMut(&ClientEvent) -> Result<bool, String>,
    ) -> Result<(), String> {
        loop {
            let mut stop = false;
            for e in self.step(Duration::from_millis(100))? {
                stop = stop || done(&e)?;
                // Later events of the same read are kept too.
                seen.push(e);
            }
            if stop {
                return Ok(());
            }
        }
    }

    /// Logs in (or resumes) until stanzas can flow.
    fn online(&mut self, seen: &mut Vec<ClientEvent>) -> Result<(), String> {
        self.until(seen, |e| match e {
            ClientEvent::SmEnabled { resumable: true } => {
                println!("step: online, stream management enabled (resumable)");
                Ok(true)
            }
            ClientEvent::SmEnabled { resumable: false } => {
                Err("the server enabled stream management without resumption".into())
            }
            ClientEvent::SmFailed { condition } => Err(format!(
                "the server refused stream management: {condition:?}"
            )),
            ClientEvent::Resumed { jid, resent } => {
                println!("step: resumed as {jid}, {resent} unacknowledged stanzas resent");
                Ok(true)
            }
            ClientEvent::ResumeFailed { condition, unacked } => Err(format!(
                "resumption failed ({condition:?}) with {} stanzas handed back",
                unacked.len()
            )),
            _ => Ok(false),
        })
    }

    /// Closes the socket without closing the stream: the server must keep
    /// the session for resumption.
    fn cut(self) -> Result<ResumptionState, String> {
        self.tcp.shutdown(Shutdown::Both).ok();
        let state = self
            .session
            .into_resumption_state()
            .ok_or("the session is not resumable")?;
        let stored = state.to_bytes();
        println!(
            "step: connection cut with {} unacknowledged stanzas; state stored in {} bytes",
            state.unacked.len(),
            stored.len()
        );
        ResumptionState::from_bytes(&stored).map_err(|e| format!("stored state: {e}"))
    }

    fn close(mut self) -> Result<(), String> {
        self.session.close();
        loop {
            match self.step(Duration::from_millis(100)) {
                Ok(_) => {}
                // The server's </stream:stream> arrives as the close.
                Err(e) if e.contains("Graceful") => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    }
}

fn send(args: &Args) -> Result<(), String> {
    let to = Jid::new(&args.to).map_err(|e| format!("--to: {e}"))?;
    let body = |i: usize| format!("sm-{} {i}", args.tag);
    let mut seen = Vec::new();
    let mut conn = Conn::open(args, None)?;
    conn.online(&mut seen)?;
    for i in 0..args.count {
        conn.session
            .send(Message::chat(to.clone()).with_body(body(i)))
            .map_err(|e| e.to_string())?;
        conn.step(args.interval)?;
    }
    println!("step: sent {} messages", args.count);
    // These are queued by the session, but their bytes never reach the
    // server: the connection breaks first.
    for i in args.count..args.count + args.lost {
        conn.session
            .send(Message::chat(to.clone()).with_body(body(i)))
            .map_err(|e| e.to_string())?;
    }
    while conn.session.poll_transmit().is_some() {}
    println!("step: {} more messages lost in flight", args.lost);
    let state = conn.cut()?;
    if state.unacked.len() < args.lost {
        return Err(format!(
            "only {} unacknowledged stanzas kept, {} were lost",
            state.unacked.len(),
            args.lost
        ));
    }
    let mut conn = Conn::open(args, Some(state))?;
    conn.online(&mut seen)?;
    let total = args.count + args.lost + args.after;
    for i in args.count + args.lost..total {
        conn.session
            .send(Message::chat(to.clone()).with_body(body(i)))
            .map_err(|e| e.to_string())?;
        conn.step(args.interval)?;
    }
    // Wait until the server acknowledged everything.
    while conn.session.unacked().count() > 0 {
        conn.step(Duration::from_millis(100))?;
    }
    println!("step: all {total} messages acknowledged by the server");
    conn.close()
}

fn receive(args: &Args) -> Result<(), String> {
    let prefix = format!("sm-{} ", args.tag);
    let mut got: Vec<usize> = Vec::new();
    // Messages can arrive in the same read as <resumed/>: every event goes
    // through `take`, whichever loop saw it.
    let take = |events: Vec<ClientEvent>, got: &mut Vec<usize>| -> Result<(), String> {
        for e in events {
            if let ClientEvent::Stanza(Stanza::Message(m)) = &e
                && let Some(i) = m.body().and_then(|b| b.strip_prefix(prefix.as_str()))
            {
                let i: usize = i.parse().map_err(|_| format!("bad body {:?}", m.body()))?;
                if got.contains(&i) {
                    return Err(format!("message {i} received twice"));
                }
                got.push(i);
            }
        }
        Ok(())
    };
    let mut seen = Vec::new();
    let mut conn = Conn::open(args, None)?;
    conn.online(&mut seen)?;
    take(std::mem::take(&mut seen), &mut got)?;
    println!("step: waiting for {} messages", args.expect);
    let mut dropped = false;
    let mut complete_at: Option<Instant> = None;
    loop {
        let events = conn.step(Duration::from_millis(100))?;
        take(events, &mut got)?;
        if !dropped && args.drop_after.is_some_and(|n| got.len() >= n) {
            dropped = true;
            let state = conn.cut()?;
            // Stay away while the sender goes on.
            std::thread::sleep(Duration::from_millis(1500));
            conn = Conn::open(args, Some(state))?;
            conn.online(&mut seen)?;
            take(std::mem::take(&mut seen), &mut got)?;
        }
        if got.len() >= args.expect && complete_at.is_none() {
            complete_at = Some(Instant::now());
        }
        // Linger a little to catch late duplicates.
        if complete_at.is_some_and(|t| t.elapsed() > Duration::from_millis(1500)) {
            break;
        }
    }
    let want: Vec<usize> = (0..args.expect).collect();
    if got != want {
        return Err(format!(
            "received {got:?}, expected 0..{} in order",
            args.expect
        ));
    }
    println!(
        "step: received all {} messages exactly once, in order",
        args.expect
    );
    conn.close()
}
