//! `text_enum!`: the shape every stored word of `db::enums` takes. The expansion names
//! Diesel's `Backend`, `FromSql`, `ToSql`, `Output`, `Text`, `deserialize` and `serialize`, which
//! the calling module imports.

/// Declares a text enum: `Variant = "stored text"` (optionally `=> "translation-key"`), with
/// `ALL`, `as_str`, `parse`, `Display`, serde as the stored text and Diesel's `ToSql`/`FromSql`
/// for `Text`.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal $(=> $key:literal)?),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The variant stored as `s`, if any.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        text_enum!(@labels $name { $($variant $(=> $key)?),+ });

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse(s).ok_or_else(|| format!("unknown {}: {s:?}", stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // As the stored text in serialized records (the audit trail's details).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {}: {text:?}", stringify!($name)))
                })
            }
        }

        impl<DB: Backend> ToSql<Text, DB> for $name
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $name
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let text = String::from_sql(bytes)?;
                Self::parse(&text)
                    .ok_or_else(|| format!("unknown {}: {text:?}", stringify!($name)).into())
            }
        }
    };
    // Every variant has a key: the enum is shown to people.
    (@labels $name:ident { $($variant:ident => $key:literal),+ }) => {
        impl $name {
            /// The translation key of the variant's label (present in every locale).
            pub fn label_key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }

            /// (stored text, translation key) of every variant.
            pub fn labels() -> Vec<(&'static str, &'static str)> {
                Self::ALL.iter().map(|v| (v.as_str(), v.label_key())).collect()
            }
        }
    };
    // No keys: the enum is never shown as such.
    (@labels $name:ident { $($variant:ident),+ }) => {};
}
