//! Serde helpers that store byte strings and hash lists as raw bytes.
//!
//! Derived serde writes a `Vec<u8>` one element at a time (postcard's bytes are the same on
//! disk, only slower to produce), and a `u64` as a varint: a hash, its bits uniform, takes nine
//! or ten bytes that way against eight as it is. Sketches of every file of a folder pass through
//! here on a cold import.

use serde::de::{Error, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

/// `#[serde(with = "raw::bytes")]`: a `Vec<u8>` as one byte string.
pub mod bytes {
    use super::*;

    /// Writes `v` as a byte string.
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    /// Reads a byte string (or, from a format without them, a sequence of bytes).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_bytes(Bytes)
    }
}

/// `#[serde(with = "raw::words")]`: a `Vec<u64>` as one byte string, little-endian.
pub mod words {
    use super::*;

    /// Writes `v` as `8 * v.len()` bytes.
    pub fn serialize<S: Serializer>(v: &[u64], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = v.iter().flat_map(|w| w.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }

    /// Reads what [`serialize`] wrote; a length that is not a multiple of eight is an error.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
        let bytes = d.deserialize_bytes(Bytes)?;
        if !bytes.len().is_multiple_of(8) {
            return Err(D::Error::custom(format!("{} bytes of 64-bit words", bytes.len())));
        }
        Ok(bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())).collect())
    }
}

/// A borrowed byte string that serializes as one (as [`bytes`] writes a `Vec<u8>`).
pub struct Slice<'a>(pub &'a [u8]);

impl serde::Serialize for Slice<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

struct Bytes;

impl<'de> Visitor<'de> for Bytes {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a byte string")
    }

    fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
        Ok(v.to_vec())
    }

    fn visit_byte_buf<E: Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(b) = seq.next_element()? {
            out.push(b);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Both {
        #[serde(with = "super::bytes")]
        bytes: Vec<u8>,
        #[serde(with = "super::words")]
        words: Vec<u64>,
    }

    #[derive(serde::Serialize)]
    struct Derived {
        bytes: Vec<u8>,
    }

    #[test]
    fn round_trip_and_bytes_as_derived_serde_wrote_them() {
        let v = Both { bytes: vec![0, 1, 255, 128], words: vec![0, u64::MAX, 0x0123_4567_89AB_CDEF] };
        let encoded = postcard::to_stdvec(&v).unwrap();
        assert_eq!(postcard::from_bytes::<Both>(&encoded).unwrap(), v);
        // Bytes written by the derived code read the same: caches written before stay readable.
        let derived = postcard::to_stdvec(&Derived { bytes: v.bytes.clone() }).unwrap();
        assert_eq!(derived, postcard::to_stdvec(&Both { bytes: v.bytes.clone(), words: vec![] }).unwrap()[..5]);
        // Eight bytes a word, not a varint each.
        assert_eq!(encoded.len(), 1 + 4 + 1 + 24);
        // A list of borrowed byte strings is written as a list of vectors would be.
        let lists = vec![vec![1u8, 2], vec![], vec![255; 300]];
        let borrowed: Vec<super::Slice> = lists.iter().map(|v| super::Slice(v)).collect();
        assert_eq!(postcard::to_stdvec(&borrowed).unwrap(), postcard::to_stdvec(&lists).unwrap());
        // Words cut short are an error, not a misread.
        let short = postcard::to_stdvec(&(vec![1u8], vec![7u8; 12])).unwrap();
        assert!(postcard::from_bytes::<Both>(&short).is_err());
    }
}
