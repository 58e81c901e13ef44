//! Times on the episode's timeline: [`Timestamp`], integer milliseconds from the start of the media.
//!
//! Chapter formats write times as clock strings (`2:45`, `1:02:03.5`) or as float seconds; the media
//! element reports `f64` seconds that may be NaN or infinite. Everything inside the crate uses whole
//! milliseconds so that comparisons are exact and a boundary is a boundary.

use std::fmt;

/// A point on the episode's timeline, in whole milliseconds from the start.
///
/// # Examples
///
/// ```
/// use episode_chapters::Timestamp;
///
/// let t = Timestamp::parse_clock("12:42").unwrap();
/// assert_eq!(t.as_millis(), 762_000);
/// assert_eq!(t.to_string(), "12:42");
/// assert_eq!(Timestamp::from_secs_f64(f64::NAN), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(u64);

/// Times beyond this (about 11.4 years) are refused as nonsense rather than risking overflow.
pub const MAX_MILLIS: u64 = 1 << 52;

impl Timestamp {
    /// The start of the episode.
    pub const ZERO: Timestamp = Timestamp(0);

    /// A timestamp of `ms` milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        Timestamp(ms)
    }

    /// The timestamp in whole milliseconds.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The timestamp in seconds, as media elements and JSON chapters write it.
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// Converts float seconds (a media element's `currentTime`, a JSON `startTime`) to the
    /// nearest millisecond. NaN, infinities, negative values and values past [`MAX_MILLIS`]
    /// mean "unknown" and give `None`.
    pub fn from_secs_f64(secs: f64) -> Option<Self> {
        if !secs.is_finite() || secs < 0.0 {
            return None;
        }
        let ms = (secs * 1000.0).round();
        if ms > MAX_MILLIS as f64 {
            return None;
        }
        Some(Timestamp(ms as u64))
    }

    /// Converts a decimal number of seconds as JSON writes it (`62.5`, `1.2345e2`, `-0`) to the
    /// nearest millisecond (halves round up), exactly and without floating point. Negative
    /// values, malformed numbers and values past [`MAX_MILLIS`] give `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use episode_chapters::Timestamp;
    ///
    /// assert_eq!(Timestamp::from_decimal_secs("762.5"), Some(Timestamp::from_millis(762_500)));
    /// assert_eq!(Timestamp::from_decimal_secs("1.2345e2"), Some(Timestamp::from_millis(123_450)));
    /// assert_eq!(Timestamp::from_decimal_secs("0.0004"), Some(Timestamp::ZERO));
    /// assert_eq!(Timestamp::from_decimal_secs("-5"), None);
    /// assert_eq!(Timestamp::from_decimal_secs("1e300"), None);
    /// ```
    pub fn from_decimal_secs(text: &str) -> Option<Self> {
        if let Some(time) = Self::from_plain_secs(text) {
            return Some(time);
        }
        let negative = text.starts_with('-');
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(i) => (unsigned.get(..i)?, unsigned.get(i + 1..)?),
            None => (unsigned, "0"),
        };
        let (whole, fraction) = match mantissa.find('.') {
            Some(i) => (mantissa.get(..i)?, Some(mantissa.get(i + 1..)?)),
            None => (mantissa, None),
        };
        let digits_ok = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        let exponent_digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if !digits_ok(whole) || !fraction.is_none_or(digits_ok) || !digits_ok(exponent_digits) {
            return None;
        }
        let fraction = fraction.unwrap_or_default();
        let digits = format!("{whole}{fraction}");
        let digits = digits.trim_start_matches('0');
        if digits.is_empty() {
            return Some(Timestamp::ZERO);
        }
        if negative {
            return None;
        }
        let magnitude = exponent_digits.trim_start_matches('0');
        let exponent_negative = exponent.starts_with('-');
        if magnitude.len() > 6 {
            // 10^±1000000: nothing but zero survives a negative one, nothing fits a positive one.
            return exponent_negative.then_some(Timestamp::ZERO);
        }
        let magnitude: i64 = if magnitude.is_empty() { 0 } else { magnitude.parse().ok()? };
        let exponent = if exponent_negative { -magnitude } else { magnitude };
        // The value is `digits` × 10^shift milliseconds.
        let shift = exponent - fraction.len() as i64 + 3;
        let kept = digits.len() as i64 + shift.min(0);
        if kept + shift.max(0) > 17 {
            return None;
        }
        let (head, tail) = digits.split_at(usize::try_from(kept.max(0)).ok()?);
        let mut ms: u64 = if head.is_empty() { 0 } else { head.parse().ok()? };
        ms = ms.checked_mul(10u64.checked_pow(u32::try_from(shift.max(0)).ok()?)?)?;
        if kept >= 0 && tail.as_bytes().first().is_some_and(|&d| d >= b'5') {
            ms += 1;
        }
        (ms <= MAX_MILLIS).then_some(Timestamp(ms))
    }

    /// The shape nearly every file writes (`762`, `762.5`, `0.125`): up to 12 whole digits and
    /// up to 3 decimals, read without allocating; `None` for anything else.
    fn from_plain_secs(text: &str) -> Option<Self> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty() || whole.len() > 12 || fraction.len() > 3 || (fraction.is_empty() && text.len() != whole.len()) {
            return None;
        }
        let mut ms: u64 = 0;
        for b in whole.bytes() {
            ms = ms * 10 + u64::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
        }
        let mut scale = 1000;
        for b in fraction.bytes() {
            scale /= 10;
            ms = ms * 10 + u64::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
        }
        let ms = ms * scale;
        (ms <= MAX_MILLIS).then_some(Timestamp(ms))
    }

    /// The time between `earlier` and `self`, zero if `earlier` is later.
    pub fn since(self, earlier: Timestamp) -> Timestamp {
        Timestamp(self.0.saturating_sub(earlier.0))
    }

    /// Parses a clock time: `SS`, `M:SS`, `MM:SS`, `H:MM:SS`, each optionally followed by a
    /// fraction of a second (`.5`, `.250`, also `,250`). Minutes and seconds after the first
    /// field must be below 60. Leading and trailing spaces are not accepted: the caller trims.
    ///
    /// # Examples
    ///
    /// ```
    /// use episode_chapters::Timestamp;
    ///
    /// assert_eq!(Timestamp::parse_clock("1:02:03.5").unwrap().as_millis(), 3_723_500);
    /// assert_eq!(Timestamp::parse_clock("37").unwrap().as_millis(), 37_000);
    /// assert!(Timestamp::parse_clock("1:2x").is_err());
    /// assert!(Timestamp::parse_clock("2:75").is_err());
    /// ```
    pub fn parse_clock(text: &str) -> Result<Self, ClockError> {
        let (whole, fraction) = match text.find(['.', ',']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        let mut fields = [0u64; 3];
        let mut count = 0;
        for part in whole.split(':') {
            if count == 3 || part.is_empty() || part.len() > 10 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ClockError);
            }
            let value: u64 = part.parse().map_err(|_| ClockError)?;
            // Only the leading field may be 60 or more (`75:00` is fine, `1:75` is not).
            if count > 0 && (value >= 60 || part.len() != 2) {
                return Err(ClockError);
            }
            if let Some(slot) = fields.get_mut(count) {
                *slot = value;
            }
            count += 1;
        }
        let [a, b, c] = fields;
        let secs = match count {
            1 => a,
            2 => a * 60 + b,
            3 => a * 3600 + b * 60 + c,
            _ => return Err(ClockError),
        };
        let mut ms = secs.checked_mul(1000).ok_or(ClockError)?;
        if let Some(fraction) = fraction {
            if fraction.is_empty() || fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ClockError);
            }
            // Round to the nearest millisecond: ".2505" is 251 ms.
            let digits: u64 = fraction.parse().map_err(|_| ClockError)?;
            let scale = 10u64.pow(fraction.len() as u32);
            ms += (digits * 1000 + scale / 2) / scale;
        }
        if ms > MAX_MILLIS {
            return Err(ClockError);
        }
        Ok(Timestamp(ms))
    }

    /// Seconds as a decimal with no trailing zeros, as JSON chapters and `#t=` links write
    /// them: `0`, `165`, `762.5`, `1.234`. Exact: no floating point on the way.
    pub fn secs_text(self) -> String {
        let (secs, ms) = (self.0 / 1000, self.0 % 1000);
        if ms == 0 {
            secs.to_string()
        } else {
            let fraction = format!("{ms:03}");
            format!("{secs}.{}", fraction.trim_end_matches('0'))
        }
    }

    /// A clock that keeps milliseconds when there are any: `2:45`, `1:02:03.500`. Reads back
    /// with [`parse_clock`](Self::parse_clock) to the same timestamp.
    pub fn clock_exact(self) -> String {
        match self.0 % 1000 {
            0 => self.to_string(),
            ms => format!("{self}.{ms:03}"),
        }
    }

    /// `HH:MM:SS.mmm`, as WebVTT and Podlove Simple Chapters write times.
    pub fn hms_millis(self) -> String {
        let secs = self.0 / 1000;
        format!("{:02}:{:02}:{:02}.{:03}", secs / 3600, secs / 60 % 60, secs % 60, self.0 % 1000)
    }

    /// A human duration: `45 s`, `2 min 45 s`, `1 h 2 min`.
    ///
    /// # Examples
    ///
    /// ```
    /// use episode_chapters::Timestamp;
    ///
    /// assert_eq!(Timestamp::from_millis(165_000).duration_text(), "2 min 45 s");
    /// assert_eq!(Timestamp::from_millis(3_720_000).duration_text(), "1 h 2 min");
    /// ```
    pub fn duration_text(self) -> String {
        let secs = (self.0 + 500) / 1000;
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        match (h, m, s) {
            (0, 0, s) => format!("{s} s"),
            (0, m, 0) => format!("{m} min"),
            (0, m, s) => format!("{m} min {s} s"),
            (h, 0, _) => format!("{h} h"),
            (h, m, _) => format!("{h} h {m} min"),
        }
    }
}

/// Formats as a clock: `0:00`, `2:45`, `1:02:03`. Milliseconds are dropped (floored), as a
/// listener reads a clock.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0 / 1000;
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        if h > 0 {
            write!(f, "{h}:{m:02}:{s:02}")
        } else {
            write!(f, "{m}:{s:02}")
        }
    }
}

/// A clock string that is not a time; the caller knows where it was and reports that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockError;

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> u64 {
        Timestamp::parse_clock(text).map(Timestamp::as_millis).unwrap_or(u64::MAX)
    }

    #[test]
    fn clock_forms() {
        assert_eq!(ms("0:00"), 0);
        assert_eq!(ms("2:45"), 165_000);
        assert_eq!(ms("02:45"), 165_000);
        assert_eq!(ms("75:00"), 4_500_000);
        assert_eq!(ms("1:02:03"), 3_723_000);
        assert_eq!(ms("01:35:52"), 5_752_000);
        assert_eq!(ms("35:12.250"), 2_112_250);
        assert_eq!(ms("35:12,5"), 2_112_500);
        assert_eq!(ms("0:00.0005"), 1);
        assert_eq!(ms("37"), 37_000);
    }

    #[test]
    fn clock_rejects() {
        for bad in ["", ":", "1:", ":30", "1:2", "1:2x", "2:75", "1:60:00", "1:2:3:4", "1.", "1.x", "-1", " 1:00", "1:00 ", "a"] {
            assert!(Timestamp::parse_clock(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn display_round_trips_whole_seconds() {
        for s in [0u64, 59, 60, 165, 3599, 3600, 3723, 86_399] {
            let t = Timestamp::from_millis(s * 1000);
            assert_eq!(Timestamp::parse_clock(&t.to_string()), Ok(t));
        }
    }

    #[test]
    fn written_forms() {
        let t = |ms| Timestamp::from_millis(ms);
        assert_eq!(t(762_500).secs_text(), "762.5");
        assert_eq!(t(1_234).secs_text(), "1.234");
        assert_eq!(t(165_000).secs_text(), "165");
        assert_eq!(t(3_723_500).clock_exact(), "1:02:03.500");
        assert_eq!(t(165_000).clock_exact(), "2:45");
        assert_eq!(t(3_723_005).hms_millis(), "01:02:03.005");
        assert_eq!(t(0).hms_millis(), "00:00:00.000");
        for ms in [0, 1, 999, 1000, 165_000, 3_723_500, 86_399_999] {
            assert_eq!(Timestamp::from_decimal_secs(&t(ms).secs_text()), Some(t(ms)));
            assert_eq!(Timestamp::parse_clock(&t(ms).clock_exact()), Ok(t(ms)));
            assert_eq!(Timestamp::parse_clock(&t(ms).hms_millis()), Ok(t(ms)));
        }
    }

    #[test]
    fn decimal_seconds() {
        let d = |t: &str| Timestamp::from_decimal_secs(t).map(Timestamp::as_millis);
        assert_eq!(d("0"), Some(0));
        assert_eq!(d("-0"), Some(0));
        assert_eq!(d("-0.0e5"), Some(0));
        assert_eq!(d("165"), Some(165_000));
        assert_eq!(d("62.5"), Some(62_500));
        assert_eq!(d("1.2345"), Some(1235));
        assert_eq!(d("1.2344999"), Some(1234));
        assert_eq!(d("0.0005"), Some(1));
        assert_eq!(d("0.0004999"), Some(0));
        assert_eq!(d("2.5E+3"), Some(2_500_000));
        assert_eq!(d("25e-1"), Some(2500));
        assert_eq!(d("1e-3"), Some(1));
        assert_eq!(d("5e-4"), Some(1));
        assert_eq!(d("4e-4"), Some(0));
        assert_eq!(d("1e-9999999"), Some(0));
        assert_eq!(d("4503599627370.496"), Some(MAX_MILLIS));
        assert_eq!(d("4503599627370.497"), None);
        assert_eq!(d("1e13"), None);
        assert_eq!(d("1e9999999"), None);
        assert_eq!(d("123456789012345678901234567890"), None);
        for bad in ["", "-", "1.", ".5", "1e", "1e+", "--1", "1.2.3", "0x10", "1,5", " 1", "-5", "-0.001"] {
            assert_eq!(d(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn decimal_seconds_agree_with_float_rounding_on_ordinary_values() {
        for ms in (0..5_000_000u64).step_by(997) {
            let text = format!("{}.{:03}", ms / 1000, ms % 1000);
            assert_eq!(Timestamp::from_decimal_secs(&text), Some(Timestamp(ms)), "{text}");
            assert_eq!(Timestamp::from_secs_f64(ms as f64 / 1000.0), Some(Timestamp(ms)));
        }
    }

    #[test]
    fn float_seconds() {
        assert_eq!(Timestamp::from_secs_f64(762.0), Some(Timestamp(762_000)));
        assert_eq!(Timestamp::from_secs_f64(0.0004), Some(Timestamp(0)));
        assert_eq!(Timestamp::from_secs_f64(1.2345), Some(Timestamp(1235)));
        assert_eq!(Timestamp::from_secs_f64(-0.1), None);
        assert_eq!(Timestamp::from_secs_f64(f64::INFINITY), None);
        assert_eq!(Timestamp::from_secs_f64(f64::NAN), None);
        assert_eq!(Timestamp::from_secs_f64(1e300), None);
    }
}
