//! The forward-compatible string enum used for every enumerated field.

/// Defines a string enum that keeps values it does not know.
///
/// The API server admits only the listed values, but a client built against this version may read
/// objects written by a newer one (a new filter type, a new protocol). Failing to decode the whole
/// object then breaks list/watch loops, so an unknown value lands in `Unrecognized` and serializes
/// back unchanged; validation and status computation report it instead.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this version of the crate does not know, kept as written.
            Unrecognized(String),
        }

        impl $name {
            /// Every value the API defines for this enum, in the CRD's order.
            pub const KNOWN: &'static [&'static str] = &[$($value),+];

            /// The value as written in the API.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Unrecognized(other) => other.as_str(),
                }
            }

            /// Whether the value is one this crate knows (not [`Self::Unrecognized`]).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unrecognized(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)+
                    other => Self::Unrecognized(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)+
                    _ => Self::Unrecognized(value),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A known value borrows its constant; an unrecognized one is copied.
        impl From<&$name> for std::borrow::Cow<'static, str> {
            fn from(value: &$name) -> Self {
                match value {
                    $($name::$variant => std::borrow::Cow::Borrowed($value),)+
                    $name::Unrecognized(other) => std::borrow::Cow::Owned(other.clone()),
                }
            }
        }

        /// A known value borrows its constant; an unrecognized one keeps its string.
        impl From<$name> for std::borrow::Cow<'static, str> {
            fn from(value: $name) -> Self {
                match value {
                    $name::Unrecognized(other) => std::borrow::Cow::Owned(other),
                    known => std::borrow::Cow::from(&known),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": [$($value),+] })
            }
        }
    };
}
