//! Layout: turning versions and their alignment into display lines, by display width.
//!
//! Pure computation (no terminal): the app uses it for scrolling arithmetic and the UI draws
//! what it produces.

pub mod rows;
pub mod wrap;
