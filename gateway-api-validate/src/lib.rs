//! Being written: see src/rules/mod.rs for the contract between the schema walker and the native
//! CEL rules.
#![allow(missing_docs)]

mod rules;
