//! Where webhooks may point, and the name resolver that keeps deliveries
//! there.
//!
//! A destination is checked twice: its URL when it is registered, and the
//! addresses its name leads to at each delivery. The second check is the
//! resolver [`Checked`] that the delivery's HTTP client uses: it looks the
//! name up once, refuses if any address is not public, and hands the
//! client exactly those addresses to connect to. Checking first and letting
//! the client look the name up again would leave a window in which a name
//! answers a public address to the check and a private one to the
//! connection (DNS rebinding).

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;

use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Where webhooks may point. By default only public addresses: a hook on
/// a loopback, private, link-local or otherwise non-public address would
/// let whoever registers it make the server reach into the network it
/// sits in. Hosts the operator names (`--webhook-allow`) are trusted as
/// they are.
#[derive(Debug, Clone, Default)]
pub struct Destinations {
    pub allow: Vec<String>,
}

impl Destinations {
    fn allowed(&self, host: &str) -> bool {
        let bare = |h: &str| h.trim_matches(['[', ']']).to_ascii_lowercase();
        self.allow.iter().any(|a| bare(a) == bare(host))
    }

    /// Checks a URL when it is registered: its scheme, and its host when it
    /// is an address. A name is checked at each delivery, on what it
    /// resolves to then (`Checked`).
    pub fn check_url(&self, url: &str) -> std::result::Result<(), String> {
        // What the delivery's client will parse, parsed now: an address it
        // would refuse at every delivery is refused at registration.
        if url.contains('\0') {
            return Err("the address holds a NUL character".into());
        }
        let uri = url
            .parse::<ureq::http::Uri>()
            .map_err(|e| format!("not a valid address ({e})"))?;
        // A user name or password in the address would be shown wherever
        // the address is (the webhooks' list, the audit log); a receiver
        // checks the signature made with the webhook's secret instead.
        if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
            return Err(
                "the address carries a user name or password: a receiver checks the messages' signature (the webhook's secret) instead".into(),
            );
        }
        let host = host_of(url).ok_or("give an http:// or https:// address with a host")?;
        if self.allowed(host) {
            return Ok(());
        }
        let ip = host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .ok()
            .or_else(|| inet_aton(host).map(std::net::IpAddr::V4));
        let name = host.trim_end_matches('.').to_ascii_lowercase();
        match ip {
            Some(ip) if !public(ip) => Err(format!(
                "{host} is not a public address: a webhook must point to a receiver on the internet"
            )),
            _ if name == "localhost" || name.ends_with(".localhost") => {
                Err(format!("{host} is not a public address"))
            }
            _ => Ok(()),
        }
    }

    /// Looks `host` up and checks where it leads, just before a delivery;
    /// answers the addresses to connect to, which are exactly the ones
    /// checked.
    fn resolve(
        &self,
        host: &str,
        port: u16,
        lookup: &dyn Lookup,
    ) -> std::result::Result<Vec<SocketAddr>, String> {
        let name = host.trim_matches(['[', ']']);
        let addrs = lookup
            .lookup(name, port)
            .map_err(|e| format!("{host}: {e}"))?;
        if !self.allowed(host) {
            if let Some(a) = addrs.iter().find(|a| !public(a.ip())) {
                return Err(format!("{host} leads to {}, not a public address", a.ip()));
            }
        }
        Ok(addrs)
    }
}

/// The host of an `http://` or `https://` URL, without its port.
/// An IPv4 address in the forms the system's resolver also reads
/// (`0x7f000001`, `2130706433`, `127.1`, `0177.0.0.1`): one to four parts,
/// each decimal, hexadecimal or octal, the last filling the bytes left.
/// Refused at registration like the dotted form; delivery, which checks
/// what a name resolves to, would refuse them too.
fn inet_aton(host: &str) -> Option<std::net::Ipv4Addr> {
    let parts: Vec<&str> = host.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut values = Vec::with_capacity(parts.len());
    for p in &parts {
        let v = if let Some(hex) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
            u32::from_str_radix(hex, 16).ok()?
        } else if p.len() > 1 && p.starts_with('0') {
            u32::from_str_radix(&p[1..], 8).ok()?
        } else {
            p.parse::<u32>().ok()?
        };
        values.push(v);
    }
    let (last, head) = values.split_last()?;
    if head.iter().any(|v| *v > 255) || u64::from(*last) >= 1u64 << (8 * (5 - values.len())) {
        return None;
    }
    let mut ip = *last;
    for (i, v) in head.iter().enumerate() {
        ip |= v << (24 - 8 * i);
    }
    Some(std::net::Ipv4Addr::from(ip))
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let host = if authority.starts_with('[') {
        &authority[..=authority.find(']')?]
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

/// Whether an address is on the public internet: none of IANA's
/// special-purpose ranges (RFC 6890 and its updates). IPv6 is public only
/// within global unicast (2000::/3), and an IPv6 address that carries an
/// IPv4 one (mapped, NAT64's 64:ff9b::/96, 6to4's 2002::/16) is judged by
/// the address it carries: a translator or relay would deliver there.
fn public(ip: std::net::IpAddr) -> bool {
    use std::net::{IpAddr, Ipv4Addr};
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                // IETF protocol assignments, and the 6to4 relay anycast.
                || (a == 192 && b == 0 && c == 0)
                || (a == 192 && b == 88 && c == 99)
                // Benchmarking.
                || (a == 198 && (18..20).contains(&b))
                // Reserved for future use.
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let carried = |hi: u16, lo: u16| {
                let [h1, h2] = hi.to_be_bytes();
                let [l1, l2] = lo.to_be_bytes();
                public(IpAddr::V4(Ipv4Addr::new(h1, h2, l1, l2)))
            };
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public(IpAddr::V4(v4));
            }
            match s {
                // NAT64's well-known prefix.
                [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => carried(hi, lo),
                // 6to4: the IPv4 address in bits 16..48.
                [0x2002, hi, lo, ..] => carried(hi, lo),
                // IETF protocol assignments (Teredo, ORCHID…) and
                // documentation.
                [0x2001, x, ..] if x < 0x0200 => false,
                [0x2001, 0x0db8, ..] => false,
                // Global unicast; everything else (IPv4-compatible,
                // unique local, site-local, link-local, multicast…) is not.
                [first, ..] => (0x2000..0x4000).contains(&first),
            }
        }
    }
}

/// Looks a host name up: the system's resolver in the server, a script in
/// tests.
pub trait Lookup: Send + Sync + 'static {
    fn lookup(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>>;
}

/// The system's resolver.
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
        Ok((host, port).to_socket_addrs()?.collect())
    }
}

/// The addresses ureq's resolver answers hold at most this many.
const RESOLVED_MAX: usize = 16;

/// The resolver of the delivery client: every address it hands the client
/// has passed [`Destinations`]' check, in the same lookup.
pub(super) struct Checked {
    destinations: Destinations,
    lookup: Arc<dyn Lookup>,
}

impl Checked {
    pub(super) fn new(destinations: Destinations, lookup: impl Lookup) -> Checked {
        Checked {
            destinations,
            lookup: Arc::new(lookup),
        }
    }
}

impl std::fmt::Debug for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checked")
            .field("destinations", &self.destinations)
            .finish()
    }
}

impl Resolver for Checked {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri
            .host()
            .ok_or_else(|| ureq::Error::BadUri(format!("{uri}: no host")))?;
        let port = match (uri.port_u16(), uri.scheme_str()) {
            (Some(p), _) => p,
            (None, Some("https")) => 443,
            (None, Some("http")) => 80,
            _ => return Err(ureq::Error::BadUri(format!("{uri}: not http or https"))),
        };
        let addrs = self
            .destinations
            .resolve(host, port, self.lookup.as_ref())
            .map_err(|e| {
                ureq::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!("not sent: {e}"),
                ))
            })?;
        let mut out = self.empty();
        for a in addrs.into_iter().take(RESOLVED_MAX) {
            out.push(a);
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_public_destinations_are_accepted_unless_allowed() {
        let none = super::Destinations::default();
        for bad in [
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
            "http://10.1.2.3/hook",
            "http://192.168.0.1/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:8080/hook",
            "http://[::ffff:127.0.0.1]/hook",
            "http://0.0.0.0/hook",
            "http://100.64.0.1/hook",
            "http://198.18.0.1/hook",
            "http://240.0.0.1/hook",
            "http://192.0.0.8/hook",
            "http://[64:ff9b::a00:1]/hook",
            "http://[2002:a00:1::1]/hook",
            "http://[::a00:1]/hook",
            "http://[fec0::1]/hook",
            "http://[fd00::1]/hook",
            "http://[fe80::1]/hook",
            "http://[2001:db8::1]/hook",
            "http://[2001::1]/hook",
            "http://[ff02::1]/hook",
            "ftp://example.org/hook",
            "http:///hook",
            "http://exa mple.com/hook",
            "http://0x7f000001/hook",
            "http://2130706433/hook",
            "http://127.1/hook",
            "http://0177.0.0.1/hook",
            "http://0/hook",
            "http://localhost./hook",
            "http://api.localhost/hook",
            "https://user:secret@hooks.example.org/corredor",
            "https://token@hooks.example.org/corredor",
        ] {
            assert!(none.check_url(bad).is_err(), "{bad}");
        }
        for good in [
            "https://hooks.example.org/corredor",
            "http://203.0.113.9.example/x",
            "https://8.8.8.8/hook",
            "https://[2606:4700::1111]/hook",
            "https://[64:ff9b::808:808]/hook",
            "https://[2002:808:808::1]/hook",
            "https://hooks.example.org/corredor?to=desk@example.org",
        ] {
            assert!(none.check_url(good).is_ok(), "{good}");
        }
        let local = super::Destinations {
            allow: vec!["127.0.0.1".into()],
        };
        assert!(local.check_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(local.check_url("http://10.0.0.1/hook").is_err());
    }

    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpListener};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use ureq::unversioned::resolver::Resolver;

    use super::super::{Http, Outcome, Transport};
    use super::{Checked, Destinations, Lookup};

    /// A name server that answers from a script, one answer per lookup
    /// (the last one again once the script is spent), and counts lookups.
    struct Script {
        answers: Vec<&'static str>,
        asked: Arc<AtomicUsize>,
    }

    impl Lookup for Script {
        fn lookup(&self, _host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
            let n = self.asked.fetch_add(1, Ordering::SeqCst);
            let ip = self.answers[n.min(self.answers.len() - 1)];
            Ok(vec![SocketAddr::new(ip.parse().unwrap(), port)])
        }
    }

    fn script(answers: &[&'static str]) -> (Script, Arc<AtomicUsize>) {
        let asked = Arc::new(AtomicUsize::new(0));
        let s = Script {
            answers: answers.to_vec(),
            asked: asked.clone(),
        };
        (s, asked)
    }

    /// A receiver on this machine that answers 200 to every request; the
    /// count of connections it accepted.
    fn receiver() -> (u16, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        std::thread::spawn(move || {
            for mut conn in listener.incoming().flatten() {
                count.fetch_add(1, Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf);
                let _ = conn.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
            }
        });
        (port, accepted)
    }

    fn resolve(resolver: &Checked, url: &str) -> Result<Vec<SocketAddr>, String> {
        let uri: ureq::http::Uri = url.parse().unwrap();
        resolver
            .resolve(&uri, &ureq::config::Config::default(), Default::default())
            .map(|a| a.iter().copied().collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_name_that_rebinds_to_loopback_is_caught_at_the_lookup_the_connection_uses() {
        // A public address to the first lookup, loopback to any later one:
        // what a hostile name server answers to slip past a check made
        // before the client resolves the name again.
        let (lookup, asked) = script(&["93.184.215.14", "127.0.0.1"]);
        let resolver = Checked::new(Destinations::default(), lookup);
        let first = resolve(&resolver, "http://rebind.example:8080/hook").unwrap();
        assert_eq!(first, vec!["93.184.215.14:8080".parse().unwrap()]);
        assert_eq!(asked.load(Ordering::SeqCst), 1, "one lookup per delivery");
        let second = resolve(&resolver, "http://rebind.example:8080/hook").unwrap_err();
        assert!(
            second.contains("leads to 127.0.0.1, not a public address"),
            "{second}"
        );
    }

    #[test]
    fn a_delivery_connects_to_the_address_its_check_looked_up_and_to_no_other() {
        let (port, accepted) = receiver();
        let url = format!("http://receiver.test:{port}/hook");
        // `receiver.test` is in no DNS: the delivery reaches the receiver
        // only through the address the resolver looked up and checked.
        let (lookup, asked) = script(&["127.0.0.1"]);
        let allowed = Destinations {
            allow: vec!["receiver.test".into()],
        };
        let http = Http::with_lookup(allowed, lookup);
        assert_eq!(http.post(&url, &[], b"{}"), Outcome::Delivered);
        assert_eq!(asked.load(Ordering::SeqCst), 1);
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
        // Not allowed, the same name is refused at that lookup, and nothing
        // reaches the receiver.
        let (lookup, asked) = script(&["127.0.0.1"]);
        let http = Http::with_lookup(Destinations::default(), lookup);
        match http.post(&url, &[], b"{}") {
            Outcome::Failed(e) => assert!(e.contains("not a public address"), "{e}"),
            other => panic!("delivered to loopback: {other:?}"),
        }
        assert_eq!(asked.load(Ordering::SeqCst), 1);
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }
}
