//! The keyring classes (`MacKeyring`, `SealingKeyring`): one macro, so both have the same rotation
//! methods, each calling the core `Keyring`.

/// Declares a `#[napi]` class wrapping `tradeseal::Keyring<$key>` with the rotation methods every keyring
/// has; each keyring adds its own `insert` and operations in another `#[napi] impl` block.
macro_rules! keyring_class {
    ($(#[$doc:meta])* $name:ident($key:ty)) => {
        $(#[$doc])*
        #[napi_derive::napi]
        pub struct $name(pub(crate) tradeseal::Keyring<$key>);

        #[napi_derive::napi]
        impl $name {
            /// An empty keyring.
            #[napi(constructor)]
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                $name(tradeseal::Keyring::new())
            }

            /// Makes the key `id` the primary (the one that signs or seals).
            #[napi]
            pub fn promote(&mut self, env: &napi::Env, id: crate::convert::KeyId) -> napi::Result<()> {
                crate::convert::OrThrow::or_throw(self.0.promote(id.0), env)
            }

            /// Removes the key `id` (not the primary: promote another key first).
            #[napi]
            pub fn retire(&mut self, env: &napi::Env, id: crate::convert::KeyId) -> napi::Result<()> {
                crate::convert::OrThrow::or_throw(self.0.retire(id.0), env)
            }

            /// The id of the primary key (throws `TSEAL_NO_PRIMARY_KEY` if there is none).
            #[napi(getter)]
            pub fn primary_id(&self, env: &napi::Env) -> napi::Result<u32> {
                crate::convert::OrThrow::or_throw(self.0.primary().map(|(id, _)| id), env)
            }

            /// The ids of all keys.
            #[napi]
            pub fn ids(&self) -> Vec<u32> {
                self.0.ids().collect()
            }

            /// Number of keys.
            #[napi(getter)]
            pub fn size(&self) -> u32 {
                // A keyring cannot hold more keys than there are distinct u32 ids.
                u32::try_from(self.0.len()).unwrap_or(u32::MAX)
            }
        }
    };
}

pub(crate) use keyring_class;
