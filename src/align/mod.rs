//! Alignment between versions (in progress).
