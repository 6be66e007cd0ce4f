//! Literals against their datatypes: whether a lexical form is valid for
//! the datatype it claims (`"2015-13-45"^^xsd:date` is not), and how two
//! literals compare, for the range and `sh:lessThan` constraints.

use std::cmp::Ordering;
use std::str::FromStr;

use oxigraph::model::{Literal, NamedNodeRef};
use oxsdatatypes::{
    Date, DateTime, DayTimeDuration, Duration, GDay, GMonth, GMonthDay, GYear, GYearMonth, Time,
    YearMonthDuration,
};

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// Whether the literal's lexical form is valid for its own datatype.
/// Datatypes this module does not know are taken as valid.
pub(crate) fn is_well_formed(literal: &Literal) -> bool {
    let datatype = literal.datatype();
    if datatype.as_str() == LANG_STRING {
        return literal.language().is_some();
    }
    let Some(local) = datatype.as_str().strip_prefix(XSD) else {
        return true;
    };
    let text = literal.value();
    match local {
        "boolean" => matches!(text, "true" | "false" | "1" | "0"),
        "decimal" => is_decimal(text),
        "float" | "double" => is_floating(text),
        "date" => Date::from_str(text).is_ok(),
        "dateTime" => DateTime::from_str(text).is_ok(),
        "dateTimeStamp" => DateTime::from_str(text).is_ok_and(|d| d.timezone().is_some()),
        "time" => Time::from_str(text).is_ok(),
        "gYear" => GYear::from_str(text).is_ok(),
        "gYearMonth" => GYearMonth::from_str(text).is_ok(),
        "gMonth" => GMonth::from_str(text).is_ok(),
        "gDay" => GDay::from_str(text).is_ok(),
        "gMonthDay" => GMonthDay::from_str(text).is_ok(),
        "duration" => Duration::from_str(text).is_ok(),
        "dayTimeDuration" => DayTimeDuration::from_str(text).is_ok(),
        "yearMonthDuration" => YearMonthDuration::from_str(text).is_ok(),
        other => integer_range(other).is_none_or(|(min, max)| is_integer_in(text, min, max)),
    }
}

/// Whether `literal` is a well-formed literal of `datatype`.
///
/// With `canonical`, the literal was read from an Oxigraph store, which
/// keeps every integer datatype (`xsd:long`, `xsd:int`,
/// `xsd:nonNegativeInteger`…) as `xsd:integer` and `xsd:dateTimeStamp` as
/// `xsd:dateTime`: the datatype it was written with is lost, so such a
/// literal counts as one of the narrower datatype when its value fits it.
pub(crate) fn has_datatype(literal: &Literal, datatype: NamedNodeRef<'_>, canonical: bool) -> bool {
    if literal.datatype() == datatype {
        return is_well_formed(literal);
    }
    if !canonical {
        return false;
    }
    let Some(wanted) = datatype.as_str().strip_prefix(XSD) else {
        return false;
    };
    match literal.datatype().as_str().strip_prefix(XSD) {
        Some("integer") => {
            integer_range(wanted).is_some_and(|(min, max)| is_integer_in(literal.value(), min, max))
        }
        Some("dateTime") => {
            wanted == "dateTimeStamp"
                && DateTime::from_str(literal.value()).is_ok_and(|d| d.timezone().is_some())
        }
        _ => false,
    }
}

/// The bounds of the integer datatypes (`None`: unbounded on that side).
type Range = (Option<i128>, Option<i128>);

fn integer_range(local: &str) -> Option<Range> {
    Some(match local {
        "integer" => (None, None),
        "nonNegativeInteger" => (Some(0), None),
        "positiveInteger" => (Some(1), None),
        "nonPositiveInteger" => (None, Some(0)),
        "negativeInteger" => (None, Some(-1)),
        "long" => (Some(i64::MIN.into()), Some(i64::MAX.into())),
        "int" => (Some(i32::MIN.into()), Some(i32::MAX.into())),
        "short" => (Some(i16::MIN.into()), Some(i16::MAX.into())),
        "byte" => (Some(i8::MIN.into()), Some(i8::MAX.into())),
        "unsignedLong" => (Some(0), Some(u64::MAX.into())),
        "unsignedInt" => (Some(0), Some(u32::MAX.into())),
        "unsignedShort" => (Some(0), Some(u16::MAX.into())),
        "unsignedByte" => (Some(0), Some(u8::MAX.into())),
        _ => return None,
    })
}

fn is_integer_in(text: &str, min: Option<i128>, max: Option<i128>) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let negative = text.starts_with('-') && digits.bytes().any(|b| b != b'0');
    match i128::from_str(text) {
        Ok(value) => min.is_none_or(|m| value >= m) && max.is_none_or(|m| value <= m),
        // Too long for i128: only the unbounded side can hold it.
        Err(_) => {
            if negative {
                min.is_none()
            } else {
                max.is_none()
            }
        }
    }
}

fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction)
}

fn is_floating(text: &str) -> bool {
    if matches!(text, "INF" | "+INF" | "-INF" | "NaN") {
        return true;
    }
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    is_decimal(mantissa)
        && exponent.is_none_or(|e| {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        })
}

/// A literal's value, as far as comparisons need it.
enum Value<'a> {
    Number(f64),
    Date(Date),
    DateTime(DateTime),
    Time(Time),
    GYear(GYear),
    GYearMonth(GYearMonth),
    Text(&'a str),
    Boolean(bool),
}

fn value(literal: &Literal) -> Option<Value<'_>> {
    if !is_well_formed(literal) {
        return None;
    }
    let text = literal.value();
    let local = literal.datatype().as_str().strip_prefix(XSD)?;
    Some(match local {
        "string" => Value::Text(text),
        "boolean" => Value::Boolean(matches!(text, "true" | "1")),
        "float" | "double" => Value::Number(match text {
            "INF" | "+INF" => f64::INFINITY,
            "-INF" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            _ => f64::from_str(text).ok()?,
        }),
        "decimal" => Value::Number(f64::from_str(text).ok()?),
        "date" => Value::Date(Date::from_str(text).ok()?),
        "dateTime" | "dateTimeStamp" => Value::DateTime(DateTime::from_str(text).ok()?),
        "time" => Value::Time(Time::from_str(text).ok()?),
        "gYear" => Value::GYear(GYear::from_str(text).ok()?),
        "gYearMonth" => Value::GYearMonth(GYearMonth::from_str(text).ok()?),
        other if integer_range(other).is_some() => Value::Number(f64::from_str(text).ok()?),
        _ => return None,
    })
}

/// How `a` compares with `b`, or `None` when they cannot be compared
/// (different kinds of value, ill-formed literals, unknown datatypes).
/// A date and a date-time compare by their days.
pub(crate) fn compare(a: &Literal, b: &Literal) -> Option<Ordering> {
    match (value(a)?, value(b)?) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(&y),
        (Value::Date(x), Value::Date(y)) => x.partial_cmp(&y),
        (Value::DateTime(x), Value::DateTime(y)) => x.partial_cmp(&y),
        (Value::Date(x), Value::DateTime(y)) => x.partial_cmp(&Date::try_from(y).ok()?),
        (Value::DateTime(x), Value::Date(y)) => Date::try_from(x).ok()?.partial_cmp(&y),
        (Value::Time(x), Value::Time(y)) => x.partial_cmp(&y),
        (Value::GYear(x), Value::GYear(y)) => x.partial_cmp(&y),
        (Value::GYearMonth(x), Value::GYearMonth(y)) => x.partial_cmp(&y),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Boolean(x), Value::Boolean(y)) => Some(x.cmp(&y)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::xsd;

    fn typed(text: &str, datatype: NamedNodeRef<'_>) -> Literal {
        Literal::new_typed_literal(text, datatype)
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert!(is_well_formed(&typed("2015-10-28", xsd::DATE)));
        assert!(!is_well_formed(&typed("2015-13-45", xsd::DATE)));
        assert!(!is_well_formed(&typed("2015-02-30", xsd::DATE)));
        assert!(is_well_formed(&typed(
            "2015-10-28T09:00:00Z",
            xsd::DATE_TIME
        )));
        assert!(!is_well_formed(&typed("yesterday", xsd::DATE_TIME)));
    }

    #[test]
    fn integers_respect_their_datatype_bounds() {
        assert!(is_well_formed(&typed("150", xsd::NON_NEGATIVE_INTEGER)));
        assert!(!is_well_formed(&typed("-1", xsd::NON_NEGATIVE_INTEGER)));
        assert!(is_well_formed(&typed("-0", xsd::NON_NEGATIVE_INTEGER)));
        assert!(!is_well_formed(&typed("1.5", xsd::INTEGER)));
        assert!(!is_well_formed(&typed("300", xsd::BYTE)));
        assert!(is_well_formed(&typed(
            "123456789012345678901234567890123456789012",
            xsd::INTEGER
        )));
    }

    #[test]
    fn numbers_and_booleans_follow_xsd() {
        assert!(is_well_formed(&typed("-.5", xsd::DECIMAL)));
        assert!(!is_well_formed(&typed(".", xsd::DECIMAL)));
        assert!(is_well_formed(&typed("1.5E-3", xsd::DOUBLE)));
        assert!(is_well_formed(&typed("INF", xsd::FLOAT)));
        assert!(!is_well_formed(&typed("inf", xsd::FLOAT)));
        assert!(!is_well_formed(&typed("yes", xsd::BOOLEAN)));
    }

    #[test]
    fn integers_as_oxigraph_stores_them_count_as_their_narrower_datatype() {
        assert!(has_datatype(&typed("9201", xsd::INTEGER), xsd::LONG, true));
        assert!(!has_datatype(
            &typed("-5", xsd::INTEGER),
            xsd::NON_NEGATIVE_INTEGER,
            true
        ));
        assert!(!has_datatype(&typed("5", xsd::DECIMAL), xsd::INTEGER, true));
        assert!(!has_datatype(&typed("5", xsd::INTEGER), xsd::DECIMAL, true));
    }

    #[test]
    fn literals_as_written_have_only_their_own_datatype() {
        assert!(!has_datatype(&typed("55", xsd::INTEGER), xsd::BYTE, false));
        assert!(has_datatype(&typed("55", xsd::BYTE), xsd::BYTE, false));
        assert!(!has_datatype(&typed("300", xsd::BYTE), xsd::BYTE, false));
    }

    #[test]
    fn dates_and_numbers_compare_by_value() {
        let start = typed("2015-10-28", xsd::DATE);
        let end = typed("2015-10-30", xsd::DATE);
        assert_eq!(compare(&start, &end), Some(Ordering::Less));
        let same_day = typed("2015-10-28T10:00:00", xsd::DATE_TIME);
        assert_eq!(compare(&start, &same_day), Some(Ordering::Equal));
        assert_eq!(
            compare(&typed("10", xsd::INTEGER), &typed("9.5", xsd::DECIMAL)),
            Some(Ordering::Greater)
        );
        assert_eq!(compare(&start, &typed("3", xsd::INTEGER)), None);
    }
}
