//! Element → typed stanza conversion, xmpp-sansio vs xmpp-parsers 0.23
//! (xmpp-rs), on a traffic mix: chat messages with a body and a receipt
//! request, presences with show/status/caps, roster results (typed down to
//! the items on both sides) and disco#info iqs.
//!
//! Both sides get the same trees built from the same XML text (ours through
//! the `xml` crate test helper, theirs through `minidom::Element::from_str`);
//! only the conversion is timed: the input elements are cloned in the
//! `iter_batched` setup.
//!
//! Run: `cargo bench --bench stanza -- --warm-up-time 1 --measurement-time 3`

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::str::FromStr;
use xmpp_parsers::minidom;
use xmpp_sansio::stanza::{Iq, IqPayload, Roster, Stanza};
use xmpp_sansio::xml::{Element, ns};

#[path = "../tests/common_stanza/xml_to_element.rs"]
mod xml_to_element;

const MESSAGE: &str = "<message xmlns='jabber:client' from='juliet@example.com/balcony' to='romeo@example.net' id='ktx72v49' type='chat' xml:lang='en'><body>Art thou not Romeo, and a Montague?</body><request xmlns='urn:xmpp:receipts'/><active xmlns='http://jabber.org/protocol/chatstates'/></message>";
const PRESENCE: &str = "<presence xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' xml:lang='en'><show>dnd</show><status>Wooing Juliet</status><priority>1</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>";
const ROSTER: &str = "<iq xmlns='jabber:client' id='bv1bs71f' to='juliet@example.com/chamber' type='result'><query xmlns='jabber:iq:roster' ver='ver11'><item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item><item jid='mercutio@example.com' name='Mercutio' subscription='from'/><item jid='benvolio@example.net' name='Benvolio' subscription='both'/><item jid='nurse@example.com' name='Nurse' subscription='none' ask='subscribe'><group>Servants</group></item><item jid='tybalt@example.org' subscription='to'/></query></iq>";
const DISCO_GET: &str = "<iq xmlns='jabber:client' from='romeo@example.net/orchard' id='info1' to='plays.shakespeare.lit' type='get'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>";
const DISCO_RESULT: &str = "<iq xmlns='jabber:client' from='plays.shakespeare.lit' id='info1' to='romeo@example.net/orchard' type='result'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='conference' type='text' name='Play-Specific Chatrooms'/><feature var='http://jabber.org/protocol/disco#info'/><feature var='http://jabber.org/protocol/disco#items'/><feature var='http://jabber.org/protocol/muc'/><feature var='jabber:iq:register'/><feature var='jabber:iq:search'/><feature var='jabber:iq:time'/><feature var='jabber:iq:version'/></query></iq>";

/// The mix: (label, XML, weight in the mix).
const MIX: &[(&str, &str, usize)] = &[
    ("message", MESSAGE, 5),
    ("presence", PRESENCE, 3),
    ("roster", ROSTER, 1),
    ("disco_get", DISCO_GET, 1),
    ("disco_result", DISCO_RESULT, 1),
];

fn ours(xml: &str) -> Element {
    xml_to_element::parse_one(xml, ns::JABBER_CLIENT)
}

fn theirs(xml: &str) -> minidom::Element {
    minidom::Element::from_str(xml).expect("minidom parses the bench XML")
}

/// Our conversion: the stanza, and the roster payload typed.
fn parse_ours(el: Element) -> usize {
    match Stanza::try_from(el) {
        Ok(Stanza::Iq(Iq {
            payload: IqPayload::Result(Some(p)),
            ..
        })) if p.is("query", ns::ROSTER) => Roster::try_from(p).map_or(0, |r| r.items.len()),
        Ok(_) => 1,
        Err(_) => 0,
    }
}

/// xmpp-parsers' conversion, to the same depth.
fn parse_theirs(el: minidom::Element) -> usize {
    use xmpp_parsers::{iq::Iq, message::Message, presence::Presence, roster::Roster};
    match el.name() {
        "message" => Message::try_from(el).map_or(0, |_| 1),
        "presence" => Presence::try_from(el).map_or(0, |_| 1),
        _ => match Iq::try_from(el) {
            Ok(Iq::Result {
                payload: Some(p), ..
            }) if p.is("query", "jabber:iq:roster") => {
                Roster::try_from(p).map_or(0, |r| r.items.len())
            }
            Ok(_) => 1,
            Err(_) => 0,
        },
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("stanza_from_element");
    for (label, xml, _) in MIX {
        let a = ours(xml);
        let b = theirs(xml);
        assert!(parse_ours(a.clone()) > 0, "{label}: ours fails");
        assert!(parse_theirs(b.clone()) > 0, "{label}: xmpp-parsers fails");
        g.bench_function(format!("xmpp-sansio/{label}"), |bch| {
            bch.iter_batched(
                || a.clone(),
                |e| black_box(parse_ours(e)),
                BatchSize::SmallInput,
            )
        });
        g.bench_function(format!("xmpp-parsers/{label}"), |bch| {
            bch.iter_batched(
                || b.clone(),
                |e| black_box(parse_theirs(e)),
                BatchSize::SmallInput,
            )
        });
    }
    let mix_ours: Vec<Element> = MIX
        .iter()
        .flat_map(|(_, x, w)| std::iter::repeat_n(ours(x), *w))
        .collect();
    let mix_theirs: Vec<minidom::Element> = MIX
        .iter()
        .flat_map(|(_, x, w)| std::iter::repeat_n(theirs(x), *w))
        .collect();
    g.bench_function("xmpp-sansio/mix", |bch| {
        bch.iter_batched(
            || mix_ours.clone(),
            |v| v.into_iter().map(parse_ours).sum::<usize>(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("xmpp-parsers/mix", |bch| {
        bch.iter_batched(
            || mix_theirs.clone(),
            |v| v.into_iter().map(parse_theirs).sum::<usize>(),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
