//! The release channels of the Gateway API, and the bundle version this crate carries. Kept apart
//! from the CRD generation (`crd.rs`, feature `schema`) because validation and status use them
//! without any schema.

/// The bundle version written into every generated object's annotations.
pub const BUNDLE_VERSION: &str = "v1.6.1";

/// A release channel of the Gateway API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// The stable subset: fields and kinds that are GA or beta.
    Standard,
    /// Everything in the standard channel, plus experimental fields, enum values and kinds.
    Experimental,
}

impl Channel {
    /// The channel's name, as written in the `gateway.networking.k8s.io/channel` annotation.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Experimental => "experimental",
        }
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "standard" => Ok(Self::Standard),
            "experimental" => Ok(Self::Experimental),
            other => Err(UnknownChannel(other.to_owned())),
        }
    }
}

/// A channel name other than `standard` or `experimental`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel {0:?}: expected \"standard\" or \"experimental\"")]
pub struct UnknownChannel(String);
