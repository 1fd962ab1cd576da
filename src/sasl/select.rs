//! Mechanism selection on the client ([RFC 6120 §6.3.3]): from the
//! mechanisms a server offers, pick the strongest the client may use.
//!
//! Order: `EXTERNAL` when the caller asked for it, `ANONYMOUS` when the
//! caller asked for it, then the `-PLUS` variants (SHA-512, SHA-256, SHA-1)
//! when the client has channel-binding data of a type the server accepts
//! ([XEP-0440]), then `SCRAM-SHA-512`, `-256`, `-1`, then `PLAIN`, only over
//! TLS unless [`ClientConfig::allow_plaintext`] is set.
//!
//! [RFC 6120 §6.3.3]: https://www.rfc-editor.org/rfc/rfc6120#section-6.3.3
//! [XEP-0440]: https://xmpp.org/extensions/xep-0440.html

use super::channel_binding::choose_channel_binding;
use super::{ChannelBindingType, ClientConfig, Gs2CbFlag, Mechanism, SaslError, ScramHash};

/// What [`select_mechanism`] chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// The mechanism to name in `<auth mechanism='…'/>`.
    pub mechanism: Mechanism,
    /// The GS2 channel-binding flag a SCRAM mechanism will send.
    pub cb_flag: Gs2CbFlag,
}

/// Picks the strongest mechanism of `offered` that `config` allows.
///
/// `server_cb_types` is the XEP-0440 `<sasl-channel-binding/>` list (the
/// `type` attributes), or `None` when the server did not send it.
///
/// [XEP-0440]'s business rules decide the channel-binding flag: `p=` with a
/// type both sides have; `y` when the client has binding data and the
/// server offers no `-PLUS` mechanism (RFC 5802 §6); `n` otherwise. One
/// case is an error, [`SaslError::NoCommonChannelBinding`] (rule 6): the
/// server offers `-PLUS` mechanisms and a list of types, the client has
/// binding data but of none of the listed types, and `tls-server-end-point`
/// (mandatory for servers, rule 1) is not listed: a man in the middle
/// probably rewrote the list, so the client must not authenticate. Without
/// a list (`None`, a server predating XEP-0440) the client's first binding
/// is used with `-PLUS`; the caller decides which bindings to hand in for
/// that case. Nothing usable offered is [`SaslError::NoAcceptableMechanism`].
///
/// [XEP-0440]: https://xmpp.org/extensions/xep-0440.html
///
/// ```
/// use xmpp_sansio::sasl::{select_mechanism, ClientConfig, Mechanism};
/// let config = ClientConfig::new("user", "pencil").with_tls(true);
/// let s = select_mechanism(&["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"], None, &config)?;
/// assert_eq!(s.mechanism, Mechanism::ScramSha256);
/// # Ok::<(), xmpp_sansio::sasl::SaslError>(())
/// ```
pub fn select_mechanism(
    offered: &[&str],
    server_cb_types: Option<&[&str]>,
    config: &ClientConfig,
) -> Result<Selection, SaslError> {
    let has = |m: Mechanism| offered.contains(&m.as_str());
    let plain_selection = |mechanism| Selection {
        mechanism,
        cb_flag: Gs2CbFlag::NotSupported,
    };
    if config.external && has(Mechanism::External) {
        return Ok(plain_selection(Mechanism::External));
    }
    if config.anonymous {
        return if has(Mechanism::Anonymous) {
            Ok(plain_selection(Mechanism::Anonymous))
        } else {
            Err(SaslError::NoAcceptableMechanism)
        };
    }
    if config.username.is_empty() {
        return Err(SaslError::NoAcceptableMechanism);
    }
    if let Some(binding) = choose_channel_binding(&config.channel_bindings, server_cb_types)
        && let Some(m) = plus_variants().find(|m| has(*m))
    {
        return Ok(Selection {
            mechanism: m,
            cb_flag: Gs2CbFlag::Bound(binding.kind),
        });
    }
    let server_offers_plus = plus_variants().any(has);
    // XEP-0440 §Business Rules, rule 6: -PLUS offered, types listed, none
    // of ours (else we would have returned above), and no
    // tls-server-end-point: abort.
    if server_offers_plus
        && !config.channel_bindings.is_empty()
        && let Some(types) = server_cb_types
        && !types.contains(&ChannelBindingType::TlsServerEndPoint.as_str())
    {
        return Err(SaslError::NoCommonChannelBinding {
            server_types: types
                .iter()
                .take(16)
                .map(|t| t.chars().take(64).collect())
                .collect(),
        });
    }
    // RFC 5802 §6: "y" only when the client could bind but the server offers
    // no -PLUS mechanism; "n" when the client has no usable binding.
    let cb_flag = if !config.channel_bindings.is_empty() && !server_offers_plus {
        Gs2CbFlag::ClientOnly
    } else {
        Gs2CbFlag::NotSupported
    };
    if let Some(m) = ScramHash::ALL
        .into_iter()
        .map(|h| Mechanism::scram(h, false))
        .find(|m| has(*m))
    {
        return Ok(Selection {
            mechanism: m,
            cb_flag,
        });
    }
    if has(Mechanism::Plain) && (config.tls || config.allow_plaintext) {
        return Ok(plain_selection(Mechanism::Plain));
    }
    Err(SaslError::NoAcceptableMechanism)
}

fn plus_variants() -> impl Iterator<Item = Mechanism> {
    ScramHash::ALL
        .into_iter()
        .map(|h| Mechanism::scram(h, true))
}

/// Whether `kind` is usable on a TLS 1.3 connection (`tls-unique` is not,
/// RFC 9266 §3); a convenience for TLS layers building the binding list.
pub fn usable_on_tls13(kind: ChannelBindingType) -> bool {
    !matches!(kind, ChannelBindingType::TlsUnique)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sasl::ChannelBinding;

    fn cfg() -> ClientConfig {
        ClientConfig::new("user", "pencil")
    }

    #[test]
    fn selection_table() {
        let exporter = ChannelBinding::new(ChannelBindingType::TlsExporter, vec![1; 32]);
        let tls = cfg().with_tls(true);
        let bound = cfg().with_tls(true).with_channel_binding(exporter.clone());
        let all = [
            "PLAIN",
            "SCRAM-SHA-1",
            "SCRAM-SHA-1-PLUS",
            "SCRAM-SHA-256",
            "SCRAM-SHA-256-PLUS",
            "SCRAM-SHA-512",
        ];
        type Row<'a> = (
            &'a str,
            &'a [&'a str],
            Option<&'a [&'a str]>,
            &'a ClientConfig,
            Result<(Mechanism, Gs2CbFlag), ()>,
        );
        let n = Gs2CbFlag::NotSupported;
        let table: &[Row] = &[
            (
                "plus first",
                &all,
                None,
                &bound,
                Ok((
                    Mechanism::ScramSha256Plus,
                    Gs2CbFlag::Bound(ChannelBindingType::TlsExporter),
                )),
            ),
            (
                "xep-0440 type mismatch → n",
                &all,
                Some(&["tls-server-end-point"]),
                &bound,
                Ok((Mechanism::ScramSha512, n)),
            ),
            (
                "xep-0440 match",
                &all,
                Some(&["tls-server-end-point", "tls-exporter"]),
                &bound,
                Ok((
                    Mechanism::ScramSha256Plus,
                    Gs2CbFlag::Bound(ChannelBindingType::TlsExporter),
                )),
            ),
            (
                "no plus offered → y",
                &["SCRAM-SHA-1", "PLAIN"],
                None,
                &bound,
                Ok((Mechanism::ScramSha1, Gs2CbFlag::ClientOnly)),
            ),
            (
                "no binding → strongest scram",
                &all,
                None,
                &tls,
                Ok((Mechanism::ScramSha512, n)),
            ),
            (
                "plain over tls",
                &["PLAIN"],
                None,
                &tls,
                Ok((Mechanism::Plain, n)),
            ),
            (
                "plain refused without tls",
                &["PLAIN", "DIGEST-MD5"],
                None,
                &cfg(),
                Err(()),
            ),
            (
                "plain allowed explicitly",
                &["PLAIN"],
                None,
                &cfg().with_plaintext_allowed(true),
                Ok((Mechanism::Plain, n)),
            ),
            ("nothing known", &["X-OAUTH2"], None, &tls, Err(())),
            ("empty list", &[], None, &tls, Err(())),
        ];
        for (name, offered, types, config, want) in table {
            let got = select_mechanism(offered, *types, config)
                .map(|s| (s.mechanism, s.cb_flag))
                .map_err(|_| ());
            assert_eq!(&got, want, "{name}");
        }
    }

    /// XEP-0440 §Business Rules, rule 6: -PLUS and a type list offered, none
    /// of the listed types ours, tls-server-end-point not listed: abort.
    /// Listing tls-server-end-point (which the client may lack), having no
    /// binding at all, or sending no list keeps the other rules.
    #[test]
    fn xep0440_rule6_aborts() {
        let exporter = ChannelBinding::new(ChannelBindingType::TlsExporter, vec![1; 32]);
        let bound = cfg().with_channel_binding(exporter);
        let offered = ["SCRAM-SHA-256", "SCRAM-SHA-256-PLUS", "PLAIN"];
        for types in [&["tls-unique"][..], &[], &["TLS-EXPORTER", "x"]] {
            assert_eq!(
                select_mechanism(&offered, Some(types), &bound),
                Err(SaslError::NoCommonChannelBinding {
                    server_types: types.iter().map(|t| t.to_string()).collect()
                }),
                "{types:?}"
            );
        }
        let e = select_mechanism(&offered, Some(&["tls-unique"]), &bound).unwrap_err();
        assert_eq!(e.condition(), crate::sasl::FailureCondition::Aborted);
        assert!(e.to_string().contains("XEP-0440"), "{e}");
        let n = |m| Ok((m, Gs2CbFlag::NotSupported));
        let table: &[(Option<&[&str]>, &ClientConfig, _)] = &[
            // tls-server-end-point listed: rule 6 does not apply.
            (
                Some(&["tls-unique", "tls-server-end-point"]),
                &bound,
                n(Mechanism::ScramSha256),
            ),
            // No binding: rule 2, "n".
            (
                Some(&["tls-unique"]),
                &cfg().with_tls(true),
                n(Mechanism::ScramSha256),
            ),
            // No list (ejabberd 23.01): unchanged, our first binding.
            (
                None,
                &bound,
                Ok((
                    Mechanism::ScramSha256Plus,
                    Gs2CbFlag::Bound(ChannelBindingType::TlsExporter),
                )),
            ),
        ];
        for (types, config, want) in table {
            let got = select_mechanism(&offered, *types, config).map(|s| (s.mechanism, s.cb_flag));
            assert_eq!(&got, want, "{types:?}");
        }
        // The list is bounded in the error.
        let long = "t".repeat(100);
        let many: Vec<&str> = std::iter::repeat_n(long.as_str(), 40).collect();
        match select_mechanism(&offered, Some(&many), &bound) {
            Err(SaslError::NoCommonChannelBinding { server_types }) => {
                assert_eq!(server_types.len(), 16);
                assert!(server_types.iter().all(|t| t.len() == 64));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn external_and_anonymous() {
        let mut c = ClientConfig::anonymous();
        assert_eq!(
            select_mechanism(&["PLAIN", "ANONYMOUS"], None, &c).map(|s| s.mechanism),
            Ok(Mechanism::Anonymous)
        );
        assert!(select_mechanism(&["PLAIN"], None, &c).is_err());
        c = ClientConfig::external(None);
        assert_eq!(
            select_mechanism(&["EXTERNAL", "SCRAM-SHA-1"], None, &c).map(|s| s.mechanism),
            Ok(Mechanism::External)
        );
        assert!(!usable_on_tls13(ChannelBindingType::TlsUnique));
    }
}
