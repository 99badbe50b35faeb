//! The passes over one object, a module each, in the API server's order:
//!
//! 1. [`decode`]: fields the schema does not declare are pruned (or, strictly, rejected);
//! 2. [`default`]: schema defaults are applied;
//! 3. [`structural`]: the OpenAPI schema validator, then [`lists`] (`x-kubernetes-list-type`
//!    uniqueness); `crate::meta` checks `metadata` at this step;
//! 4. [`cel`]: the `x-kubernetes-validations` rules, unless an earlier error blocks them;
//! 5. [`transition`]: on updates, the old value each transition rule (`oldSelf`) sees.
//!
//! Steps 1 and 2 do not copy the object: every later pass reads it through its schema
//! (`crate::value`), which prunes and defaults on the fly; [`decode::prune`] and
//! [`default::default`] build the stored object only when it is asked for. [`path`] renders
//! field paths for errors.

pub(crate) mod cel;
pub(crate) mod decode;
pub(crate) mod default;
pub(crate) mod lists;
pub(crate) mod path;
pub(crate) mod structural;
#[cfg(test)]
mod tests;
pub(crate) mod transition;
