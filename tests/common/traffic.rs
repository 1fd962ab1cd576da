//! A deterministic generator of realistic XMPP client traffic, shared by the
//! stream tests and `benches/stream.rs` (included there with `#[path]`).
//!
//! The traffic is one `jabber:client` stream (RFC 6120 §4.2 header, no
//! closing tag) followed by stanzas in the mix a busy client sees: chat
//! messages with bodies and receipt requests (XEP-0184), receipts, presences
//! with show/status/priority and entity capabilities (XEP-0115), roster
//! pushes and results (RFC 6121 §2), disco#info requests and results
//! (XEP-0030), with escaped text, character references, occasional CDATA and
//! whitespace keepalives. About 5% of the bytes are non-ASCII UTF-8.
//! The generator depends only on `std`, so the bench can include it too.

/// The stream header the generated traffic starts with.
pub const HEADER: &[u8] = b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' \
xmlns:stream='http://etherx.jabber.org/streams' from='example.com' \
id='++TR84Sm6A3hnt3Q065SnAbbk3Y=' to='juliet@example.com' version='1.0' xml:lang='en'>";

/// The closing tag of the stream.
pub const FOOTER: &[u8] = b"</stream:stream>";

/// Generated traffic.
#[derive(Clone, Debug)]
pub struct Traffic {
    /// The whole stream: [`HEADER`], the stanzas, keepalives (no footer).
    pub bytes: Vec<u8>,
    /// Number of stanzas (top-level elements) in `bytes`.
    pub stanzas: usize,
}

/// A small, fast, deterministic PRNG (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Generates at least `min_bytes` of traffic, deterministically from `seed`.
pub fn generate(seed: u64, min_bytes: usize) -> Traffic {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(min_bytes + 4096);
    out.extend_from_slice(HEADER);
    let mut stanzas = 0;
    let mut n = 0u64;
    while out.len() < min_bytes {
        if rng.chance(3) {
            out.extend_from_slice(if rng.chance(50) { b" " } else { b"\n" });
        }
        stanza(&mut rng, n, &mut out);
        stanzas += 1;
        n += 1;
    }
    Traffic {
        bytes: out,
        stanzas,
    }
}

/// Appends one random stanza (number `n`, used for ids) to `out`.
pub fn stanza(rng: &mut Rng, n: u64, out: &mut Vec<u8>) {
    match rng.below(100) {
        0..=39 => message(rng, n, out),
        40..=54 => receipt(rng, n, out),
        55..=79 => presence(rng, n, out),
        80..=87 => roster(rng, n, out),
        _ => disco(rng, n, out),
    }
}

const USERS: &[&str] = &[
    "juliet",
    "romeo",
    "nurse",
    "benvolio",
    "mercutio",
    "tybalt",
    "jürgen",
    "zoë",
    "søren",
    "капулетти",
];
const DOMAINS: &[&str] = &[
    "example.com",
    "example.net",
    "shakespeare.lit",
    "montague.example",
];
const RESOURCES: &[&str] = &[
    "balcony",
    "orchard",
    "phone",
    "laptop",
    "gajim.Xk3f",
    "Conversations.q9",
];
const WORDS: &[&str] = &[
    "wherefore",
    "art",
    "thou",
    "Romeo",
    "deny",
    "thy",
    "father",
    "and",
    "refuse",
    "name",
    "or",
    "if",
    "wilt",
    "not",
    "be",
    "but",
    "sworn",
    "my",
    "love",
    "I'll",
    "no",
    "longer",
    "a",
    "Capulet",
    "what's",
    "in",
    "rose",
    "by",
    "any",
    "other",
    "would",
    "smell",
    "as",
    "sweet",
    "the",
    "of",
    "to",
    "is",
    "that",
    "it",
    "with",
    "for",
    "you",
    "on",
    "at",
    "this",
    "meet",
    "tonight",
    "ok",
    "lol",
    "see",
    "tomorrow",
    "thanks",
    "hello",
    "yes",
    "well",
    "then",
];
const NON_ASCII: &[&str] = &[
    "café",
    "naïve",
    "Grüße",
    "señor",
    "😀",
    "日本語",
    "Привет",
    "€5",
    "ça va",
    "smörgåsbord",
];
const ESCAPED: &[&str] = &[
    "&amp;",
    "&lt;3",
    "&gt;",
    "&quot;x&quot;",
    "&apos;",
    "&#x1F600;",
    "&#233;",
];

fn jid(rng: &mut Rng, out: &mut Vec<u8>, full: bool) {
    out.extend_from_slice(rng.pick(USERS).as_bytes());
    out.push(b'@');
    out.extend_from_slice(rng.pick(DOMAINS).as_bytes());
    if full {
        out.push(b'/');
        out.extend_from_slice(rng.pick(RESOURCES).as_bytes());
    }
}

fn text(rng: &mut Rng, words: usize, out: &mut Vec<u8>) {
    for i in 0..words {
        if i > 0 {
            out.push(b' ');
        }
        match rng.below(100) {
            0..=19 => out.extend_from_slice(rng.pick(NON_ASCII).as_bytes()),
            20..=22 => out.extend_from_slice(rng.pick(ESCAPED).as_bytes()),
            23 => out.extend_from_slice(b"<![CDATA[<b>&bold</b>]]>"),
            _ => out.extend_from_slice(rng.pick(WORDS).as_bytes()),
        }
    }
}

fn id(n: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(
        format!("id-{n:x}-{}", n.wrapping_mul(2_654_435_761) % 100_000).as_bytes(),
    );
}

fn message(rng: &mut Rng, n: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<message to='");
    jid(rng, out, true);
    out.extend_from_slice(b"' from='");
    jid(rng, out, true);
    out.extend_from_slice(b"' type='chat' id='");
    id(n, out);
    out.extend_from_slice(b"'");
    if rng.chance(10) {
        out.extend_from_slice(b" xml:lang='de'");
    }
    out.extend_from_slice(b"><body>");
    let words = 3 + rng.below(30);
    text(rng, words, out);
    out.extend_from_slice(b"</body>");
    if rng.chance(30) {
        out.extend_from_slice(b"<thread>");
        id(n / 7, out);
        out.extend_from_slice(b"</thread>");
    }
    out.extend_from_slice(b"<request xmlns='urn:xmpp:receipts'/>");
    if rng.chance(20) {
        out.extend_from_slice(b"<active xmlns='http://jabber.org/protocol/chatstates'/>");
    }
    out.extend_from_slice(b"</message>");
}

fn receipt(rng: &mut Rng, n: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<message to='");
    jid(rng, out, true);
    out.extend_from_slice(b"' from='");
    jid(rng, out, true);
    out.extend_from_slice(b"' id='");
    id(n, out);
    out.extend_from_slice(b"'><received xmlns='urn:xmpp:receipts' id='");
    id(n.saturating_sub(1), out);
    out.extend_from_slice(b"'/></message>");
}

fn presence(rng: &mut Rng, n: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<presence from=\"");
    jid(rng, out, true);
    out.extend_from_slice(b"\" id=\"");
    id(n, out);
    out.extend_from_slice(b"\">");
    if rng.chance(60) {
        out.extend_from_slice(b"<show>");
        out.extend_from_slice(rng.pick(&["away", "chat", "dnd", "xa"]).as_bytes());
        out.extend_from_slice(b"</show>");
    }
    if rng.chance(50) {
        out.extend_from_slice(b"<status>");
        let words = 1 + rng.below(8);
        text(rng, words, out);
        out.extend_from_slice(b"</status>");
    }
    out.extend_from_slice(format!("<priority>{}</priority>", rng.below(20)).as_bytes());
    out.extend_from_slice(
        b"<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://gajim.org' ver='",
    );
    out.extend_from_slice(
        rng.pick(&[
            "QgayPKawpkPSDYmwT/WM94uAlu0=",
            "8RovUdtOmiAjzj+xI7SK5BCw3A8=",
            "q07IKJEyjvHSyhy//CH0CxmKi8w=",
        ])
        .as_bytes(),
    );
    out.extend_from_slice(b"'/></presence>");
}

fn roster(rng: &mut Rng, n: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<iq to='");
    jid(rng, out, true);
    out.extend_from_slice(b"' type='");
    out.extend_from_slice(rng.pick(&["result", "set"]).as_bytes());
    out.extend_from_slice(b"' id='");
    id(n, out);
    out.extend_from_slice(b"'><query xmlns='jabber:iq:roster' ver='ver");
    out.extend_from_slice(format!("{}", n % 977).as_bytes());
    out.extend_from_slice(b"'>");
    for _ in 0..1 + rng.below(6) {
        out.extend_from_slice(b"<item jid='");
        jid(rng, out, false);
        out.extend_from_slice(b"' name='");
        out.extend_from_slice(rng.pick(USERS).as_bytes());
        out.extend_from_slice(b"' subscription='");
        out.extend_from_slice(rng.pick(&["both", "to", "from", "none"]).as_bytes());
        out.extend_from_slice(b"'><group>");
        out.extend_from_slice(
            rng.pick(&["Friends", "Family", "Work &amp; co", "Ünterwegs"])
                .as_bytes(),
        );
        out.extend_from_slice(b"</group></item>");
    }
    out.extend_from_slice(b"</query></iq>");
}

fn disco(rng: &mut Rng, n: u64, out: &mut Vec<u8>) {
    let result = rng.chance(50);
    out.extend_from_slice(b"<iq from='");
    jid(rng, out, true);
    out.extend_from_slice(b"' to='");
    jid(rng, out, true);
    out.extend_from_slice(if result {
        b"' type='result' id='"
    } else {
        b"' type='get' id='"
    });
    id(n, out);
    out.extend_from_slice(b"'><query xmlns='http://jabber.org/protocol/disco#info'");
    if !result {
        out.extend_from_slice(b"/></iq>");
        return;
    }
    out.extend_from_slice(b"><identity category='client' type='pc' name='Gajim'/>");
    for f in [
        "http://jabber.org/protocol/caps",
        "http://jabber.org/protocol/disco#info",
        "http://jabber.org/protocol/disco#items",
        "http://jabber.org/protocol/muc",
        "urn:xmpp:receipts",
        "urn:xmpp:ping",
        "http://jabber.org/protocol/chatstates",
    ] {
        if rng.chance(80) {
            out.extend_from_slice(b"<feature var='");
            out.extend_from_slice(f.as_bytes());
            out.extend_from_slice(b"'/>");
        }
    }
    out.extend_from_slice(b"</query></iq>");
}
