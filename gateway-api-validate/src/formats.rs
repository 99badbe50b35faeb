//! The string formats the CRDs use, checked as kube-openapi's `strfmt` registry checks them.
//!
//! IP addresses are parsed the way `k8s.io/utils/net.ParseIPSloppy` parses them (Go's parser
//! before 1.17: leading zeros allowed), and a value is an `ipv4` when it parses and contains a
//! `.`, an `ipv6` when it parses and contains a `:`.

/// A string format the validator checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Ipv4,
    Ipv6,
    DateTime,
    Date,
}

impl Format {
    /// The formats kube-openapi knows and checks on strings; `int32`, `int64` and the like only
    /// apply to numbers, which the format validator never looks at.
    pub(crate) fn from_schema(name: &str) -> Option<Self> {
        match name {
            "ipv4" => Some(Self::Ipv4),
            "ipv6" => Some(Self::Ipv6),
            "date-time" | "datetime" => Some(Self::DateTime),
            "date" => Some(Self::Date),
            _ => None,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Ipv4 => "ipv4",
            Self::Ipv6 => "ipv6",
            Self::DateTime => "date-time",
            Self::Date => "date",
        }
    }

    pub(crate) fn check(self, s: &str) -> bool {
        match self {
            Self::Ipv4 => parse_ip_sloppy(s) && s.contains('.'),
            Self::Ipv6 => parse_ip_sloppy(s) && s.contains(':'),
            Self::DateTime => is_date_time(s),
            Self::Date => is_date(s),
        }
    }
}

/// Whether `s` is an IP address literal, as Go's pre-1.17 `net.ParseIP` decides.
pub(crate) fn parse_ip_sloppy(s: &str) -> bool {
    for b in s.bytes() {
        match b {
            b'.' => return parse_ipv4(s.as_bytes()).is_some(),
            b':' => return parse_ipv6(s.as_bytes()),
            _ => {}
        }
    }
    false
}

const BIG: u32 = 0xFF_FFFF;

fn dtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        n = n * 10 + u32::from(s[i] - b'0');
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    if i == 0 { None } else { Some((n, i)) }
}

fn xtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() {
        let d = match s[i] {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            c @ b'A'..=b'F' => c - b'A' + 10,
            _ => break,
        };
        n = n * 16 + u32::from(d);
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    if i == 0 { None } else { Some((n, i)) }
}

fn parse_ipv4(mut s: &[u8]) -> Option<[u8; 4]> {
    let mut p = [0u8; 4];
    for (i, octet) in p.iter_mut().enumerate() {
        if s.is_empty() {
            return None;
        }
        if i > 0 {
            if s[0] != b'.' {
                return None;
            }
            s = &s[1..];
        }
        let (n, c) = dtoi(s)?;
        *octet = u8::try_from(n).ok()?;
        s = &s[c..];
    }
    if s.is_empty() { Some(p) } else { None }
}

fn parse_ipv6(mut s: &[u8]) -> bool {
    const LEN: usize = 16;
    let mut ellipsis: Option<usize> = None;
    if s.len() >= 2 && s[0] == b':' && s[1] == b':' {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return true;
        }
    }
    let mut i = 0;
    while i < LEN {
        let Some((n, c)) = xtoi(s) else { return false };
        if n > 0xFFFF {
            return false;
        }
        if c < s.len() && s[c] == b'.' {
            if ellipsis.is_none() && i != LEN - 4 {
                return false;
            }
            if i + 4 > LEN {
                return false;
            }
            if parse_ipv4(s).is_none() {
                return false;
            }
            s = &[];
            i += 4;
            break;
        }
        i += 2;
        s = &s[c..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' || s.len() == 1 {
            return false;
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return false;
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return false;
    }
    if i < LEN {
        ellipsis.is_some()
    } else {
        ellipsis.is_none()
    }
}

/// strfmt's `IsDate`: Go's `time.Parse("2006-01-02", s)`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// strfmt's `IsDateTime`: a date, a `t`, then `hh:mm:ss(.frac)?(z|±hh:mm)`, case-insensitive.
fn is_date_time(s: &str) -> bool {
    if s.len() < 4 {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let mut parts = lower.split('t');
    let (Some(date), Some(time)) = (parts.next(), parts.next()) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    // ^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$
    let b = time.as_bytes();
    let two = |i: usize| b.len() >= i + 2 && b[i].is_ascii_digit() && b[i + 1].is_ascii_digit();
    if !(two(0) && b.get(2) == Some(&b':') && two(3) && b.get(5) == Some(&b':') && two(6)) {
        return false;
    }
    let rest = &time[8..];
    // `(.[0-9]+)?`: the `.` of the pattern is any character.
    let with_fraction = || {
        let Some(c) = rest.chars().next() else {
            return false;
        };
        let r = &rest[c.len_utf8()..];
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && zone_ok(&r[digits..])
    };
    if !(zone_ok(rest) || with_fraction()) {
        return false;
    }
    &time[0..2] <= "23" && &time[3..5] <= "59" && &time[6..8] <= "59"
}

fn zone_ok(z: &str) -> bool {
    let b = z.as_bytes();
    z == "z"
        || (b.len() == 6
            && (b[0] == b'+' || b[0] == b'-')
            && b[1].is_ascii_digit()
            && b[2].is_ascii_digit()
            && b[3] == b':'
            && b[4].is_ascii_digit()
            && b[5].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_like_go() {
        for ok in ["1.2.3.4", "255.255.255.255", "001.2.3.4", "::ffff:1.2.3.4"] {
            assert!(Format::Ipv4.check(ok), "{ok}");
        }
        for bad in [
            "1.1.1",
            "1.a.3.4",
            "256.255.255.255",
            "foo.com",
            "1.2.3.4.5",
            "",
            "1.2.3.4 ",
        ] {
            assert!(!Format::Ipv4.check(bad), "{bad}");
        }
    }

    #[test]
    fn ipv6_like_go() {
        for ok in [
            "::",
            "::1",
            "2001:db8::1",
            "fe80::1:2:3:4",
            "1:2:3:4:5:6:7:8",
            "::ffff:1.2.3.4",
        ] {
            assert!(Format::Ipv6.check(ok), "{ok}");
        }
        for bad in [
            "1200:0000:::AB00:1234:0000:2552:7777:1313",
            "21DA:D3:0:2F3B:2AY:FF:FE28:9C5A",
            "2001:db8:3c4d:15:0:d234:3eee:",
            "2001:db8:3c4d:15:0:d234:3eee:::",
            ":::1234::",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            "1.2.3.4",
        ] {
            assert!(!Format::Ipv6.check(bad), "{bad}");
        }
    }

    #[test]
    fn date_time_like_strfmt() {
        for ok in [
            "2024-01-02T03:04:05Z",
            "2024-02-29T23:59:59.123+01:00",
            "1970-01-01t00:00:00z",
        ] {
            assert!(Format::DateTime.check(ok), "{ok}");
        }
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-01-02",
            "2024-01-02T24:00:00Z",
            "2024-01-02T03:04:05",
            "yesterday",
        ] {
            assert!(!Format::DateTime.check(bad), "{bad}");
        }
    }
}
