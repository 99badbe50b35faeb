//! Ports of the two Go parsers behind CEL functions the rules call: `net/netip.ParseAddr` (behind
//! the Kubernetes `isIP`) and `time.ParseDuration` (behind cel-go's `duration(string)`).
//!
//! They are ported line by line rather than replaced by Rust's `std` parsers because the edge
//! cases differ (leading zeros, zones, embedded IPv4, duration units such as `µs`), and the rules
//! must accept exactly what the API server accepts.

/// Kubernetes CEL `isIP(s)`: `s` parses as an IPv4 or IPv6 address with Go's `netip.ParseAddr`,
/// has no zone and is not an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`), which the Kubernetes IP
/// library refuses.
pub(crate) fn is_ip(s: &str) -> bool {
    for &c in s.as_bytes() {
        match c {
            b'.' => return parse_ipv4(s.as_bytes()).is_some(),
            b':' => {
                return match parse_ipv6(s.as_bytes()) {
                    Some((ip, zoned)) => !zoned && !is_4in6(&ip),
                    None => false,
                };
            }
            // Go: "missing IPv6 address" (a zone with nothing before it).
            b'%' => return false,
            _ => {}
        }
    }
    false
}

/// `Addr.Is4In6`: `::ffff:a.b.c.d`.
fn is_4in6(ip: &[u8; 16]) -> bool {
    ip[..10].iter().all(|&b| b == 0) && ip[10] == 0xff && ip[11] == 0xff
}

fn parse_ipv4(s: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    parse_ipv4_fields(s, &mut out)?;
    Some(out)
}

/// Go's `parseIPv4Fields`: four decimal octets, no leading zeros, no empty fields.
fn parse_ipv4_fields(s: &[u8], fields: &mut [u8; 4]) -> Option<()> {
    let (mut val, mut pos, mut dig_len) = (0u32, 0usize, 0u32);
    for (i, &c) in s.iter().enumerate() {
        if c.is_ascii_digit() {
            if dig_len == 1 && val == 0 {
                return None; // leading zero
            }
            val = val * 10 + u32::from(c - b'0');
            dig_len += 1;
            if val > 255 {
                return None;
            }
        } else if c == b'.' {
            if i == 0 || i == s.len() - 1 || s.get(i - 1) == Some(&b'.') {
                return None; // empty field
            }
            if pos == 3 {
                return None; // too long
            }
            *fields.get_mut(pos)? = u8::try_from(val).ok()?;
            pos += 1;
            val = 0;
            dig_len = 0;
        } else {
            return None;
        }
    }
    if pos < 3 {
        return None; // too short
    }
    fields[3] = u8::try_from(val).ok()?;
    Some(())
}

/// Go's `parseIPv6`; returns the address and whether it carried a (non-empty) zone.
fn parse_ipv6(input: &[u8]) -> Option<([u8; 16], bool)> {
    let mut s = input;
    let mut zoned = false;
    if let Some(i) = s.iter().position(|&c| c == b'%') {
        if i + 1 == s.len() {
            return None; // empty zone
        }
        zoned = true;
        s = &s[..i];
    }
    let mut ip = [0u8; 16];
    let mut ellipsis: Option<usize> = None;
    if s.len() >= 2 && s[0] == b':' && s[1] == b':' {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Some((ip, zoned));
        }
    }
    let mut i = 0usize;
    while i < 16 {
        let mut off = 0usize;
        let mut acc = 0u32;
        while off < s.len() {
            let c = s[off];
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => break,
            };
            acc = (acc << 4) + u32::from(d);
            if off > 3 || acc > 0xffff {
                return None; // more than 4 hex digits
            }
            off += 1;
        }
        if off == 0 {
            return None; // empty field
        }
        if s.get(off) == Some(&b'.') {
            // A trailing embedded IPv4 address, only in the last 32 bits.
            if ellipsis.is_none() && i != 12 {
                return None;
            }
            if i + 4 > 16 {
                return None;
            }
            let mut v4 = [0u8; 4];
            parse_ipv4_fields(s, &mut v4)?;
            ip[i..i + 4].copy_from_slice(&v4);
            s = &[];
            i += 4;
            break;
        }
        ip[i] = (acc >> 8) as u8;
        ip[i + 1] = acc as u8;
        i += 2;
        s = &s[off..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' || s.len() == 1 {
            return None;
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return None; // multiple ::
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return None; // trailing garbage
    }
    if i < 16 {
        let e = ellipsis?; // too short
        let n = 16 - i;
        ip.copy_within(e..i, e + n);
        ip[e..e + n].fill(0);
    } else if ellipsis.is_some() {
        return None; // :: must stand for at least one group
    }
    Some((ip, zoned))
}

/// Go's `time.ParseDuration`, in nanoseconds: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`.
pub(crate) fn parse_duration(input: &str) -> Option<i64> {
    const UNITS: [(&str, u64); 8] = [
        ("ns", 1),
        ("us", 1_000),
        ("\u{b5}s", 1_000),
        ("\u{3bc}s", 1_000),
        ("ms", 1_000_000),
        ("s", 1_000_000_000),
        ("m", 60_000_000_000),
        ("h", 3_600_000_000_000),
    ];
    const LIMIT: u64 = 1 << 63;
    let mut s = input.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == b"0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return None;
        }
        // leadingInt
        let mut v: u64 = 0;
        let mut i = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return None;
            }
            v = v * 10 + u64::from(s[i] - b'0');
            if v > LIMIT {
                return None;
            }
            i += 1;
        }
        let pre = i > 0;
        s = &s[i..];
        // leadingFraction: stops accumulating precision on overflow instead of failing.
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let mut i = 0;
            let mut overflow = false;
            while i < s.len() && s[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(s[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = i > 0;
            s = &s[i..];
        }
        if !pre && !post {
            return None;
        }
        let ulen = s
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if ulen == 0 {
            return None; // missing unit
        }
        let (u, rest) = s.split_at(ulen);
        s = rest;
        let unit = UNITS.iter().find(|(name, _)| name.as_bytes() == u)?.1;
        if v > LIMIT / unit {
            return None;
        }
        v *= unit;
        if f > 0 {
            // Go converts through float64 here, truncating toward zero.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return None;
            }
        }
        d += v;
        if d > LIMIT {
            return None;
        }
    }
    if neg {
        // d <= 2^63 here, so the negation fits.
        return Some((d as i128).wrapping_neg() as i64);
    }
    i64::try_from(d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_like_netip_and_the_kubernetes_library() {
        for ok in [
            "1.2.3.4",
            "0.0.0.0",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "2001:DB8::1",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
        ] {
            assert!(is_ip(ok), "{ok}");
        }
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "256.1.1.1",
            "1..2.3",
            "1.2.3.4.",
            "example.com",
            "::ffff:1.2.3.4",
            "::ffff:102:304",
            "fe80::1%eth0",
            "fe80::1%",
            "%eth0",
            "1:2:3:4:5:6:7:8::",
            "1:2:3:4:5:6:7:8:9",
            "12345::",
            "1::2::3",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:1.2.3.4",
            ":1:2::",
            "1:",
            "::01.2.3.4",
            "*.example.com",
        ] {
            assert!(!is_ip(bad), "{bad}");
        }
    }

    #[test]
    fn durations_like_go() {
        let s = 1_000_000_000i64;
        assert_eq!(parse_duration("0"), Some(0));
        assert_eq!(parse_duration("-0"), Some(0));
        assert_eq!(parse_duration("0s"), Some(0));
        assert_eq!(parse_duration("1h"), Some(3600 * s));
        assert_eq!(parse_duration("1h30m"), Some(5400 * s));
        assert_eq!(parse_duration("1.5s"), Some(1_500_000_000));
        assert_eq!(parse_duration(".5s"), Some(500_000_000));
        assert_eq!(parse_duration("5.s"), Some(5 * s));
        assert_eq!(parse_duration("-1m"), Some(-60 * s));
        assert_eq!(parse_duration("+2ms"), Some(2_000_000));
        assert_eq!(parse_duration("3µs"), Some(3000));
        assert_eq!(parse_duration("3μs"), Some(3000));
        assert_eq!(parse_duration("10ns1us"), Some(1010));
        assert_eq!(parse_duration("2562047h"), Some(2_562_047 * 3600 * s));
        for bad in [
            "",
            "1",
            "s",
            ".s",
            "-",
            "1x",
            "1S",
            "1h-1m",
            "99999999999h",
            "1.2.3s",
            "9223372036854775808ns",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(parse_duration("-9223372036854775808ns"), Some(i64::MIN));
    }
}
