//! The keyring classes (`Keyring` of MAC keys, `SealingKeyring` of AEAD keys): one macro, so both have the
//! same rotation methods, each calling the core `Keyring`.

/// Declares a frozen `#[pyclass]` named `$py_name` around `RwLock<tradeseal::Keyring<$key>>` with the
/// methods every keyring has (`promote`, `retire`, `primary_id`, `ids`, `len`, `in`, `repr`), plus the
/// keyring's own `$extra` methods (its `insert` and operations) in the same `#[pymethods]` block.
macro_rules! keyring_class {
    (
        $(#[$doc:meta])*
        $name:ident($key:ty) as $py_name:literal;
        $($extra:tt)*
    ) => {
        $(#[$doc])*
        #[pyclass(frozen, name = $py_name, module = "tradeseal._native")]
        pub struct $name(std::sync::RwLock<tradeseal::Keyring<$key>>);

        impl $name {
            /// The keyring for reading (signing, verifying, sealing, opening).
            pub fn read(&self) -> std::sync::RwLockReadGuard<'_, tradeseal::Keyring<$key>> {
                self.0.read().unwrap_or_else(std::sync::PoisonError::into_inner)
            }

            fn write(&self) -> std::sync::RwLockWriteGuard<'_, tradeseal::Keyring<$key>> {
                self.0.write().unwrap_or_else(std::sync::PoisonError::into_inner)
            }
        }

        #[pymethods]
        impl $name {
            /// An empty keyring.
            #[new]
            fn new() -> Self {
                $name(std::sync::RwLock::new(tradeseal::Keyring::new()))
            }

            /// Makes ``key_id`` the primary (``UnknownKey`` if absent). The previous primary keeps working
            /// for verifying or opening.
            fn promote(&self, key_id: crate::convert::Int<u32>) -> PyResult<()> {
                self.write().promote(key_id.0).map_err(crate::convert::raise)
            }

            /// Removes and wipes the key ``key_id``. The primary cannot be retired (``WrongState``).
            fn retire(&self, key_id: crate::convert::Int<u32>) -> PyResult<()> {
                self.write().retire(key_id.0).map_err(crate::convert::raise)
            }

            /// The id of the primary key; raises ``NoPrimaryKey`` when there is none.
            #[getter]
            fn primary_id(&self) -> PyResult<u32> {
                self.read().primary().map(|(id, _)| id).map_err(crate::convert::raise)
            }

            /// The ids of all keys.
            fn ids(&self) -> Vec<u32> {
                self.read().ids().collect()
            }

            fn __len__(&self) -> usize {
                self.read().len()
            }

            fn __contains__(&self, key_id: crate::convert::Int<u32>) -> bool {
                self.read().get(key_id.0).is_ok()
            }

            fn __repr__(&self) -> String {
                let ring = self.read();
                let ids: Vec<String> = ring.ids().map(|id| id.to_string()).collect();
                let primary = ring
                    .primary()
                    .map_or_else(|_| "None".to_owned(), |(id, _)| id.to_string());
                format!(concat!($py_name, "(ids=[{}], primary={})"), ids.join(", "), primary)
            }

            $($extra)*
        }
    };
}

pub(crate) use keyring_class;
