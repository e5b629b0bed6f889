package dev.riskgate.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * ISO-8601 timestamps read and written as {@link OffsetDateTime#parse} and {@code toString} do, character
 * for character, without their cost: the JDK's parser builds maps of fields and copies them for every
 * optional section (1.4 KB a call), and its printers format through a {@code StringBuilder} per part. Every
 * decision reads one timestamp and writes several (the log line, the console's index). The spellings
 * gateways send ({@code 2019-07-03T10:15:00Z}, {@code 2019-07-03T10:15:00.250+09:00}) and years 0 to 9999
 * are handled here; anything else goes to the JDK, so every answer and every refusal stays the JDK's.
 */
public final class Iso8601 {

    private static final int[] FRACTION_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};
    private static final long YEAR_0 = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long YEAR_10000 = LocalDateTime.of(10000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    private Iso8601() {
    }

    /** {@link OffsetDateTime#parse(CharSequence)}: the same value, or the same exception. */
    public static OffsetDateTime parse(String text) {
        OffsetDateTime fast = parseCommon(text);
        return fast != null ? fast : OffsetDateTime.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null for any other text or an invalid value. */
    private static OffsetDateTime parseCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int from = ++i;
            while (i < n && i - from < 9 && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == from) {
                return null;
            }
            nano = digits(s, from, i - from) * FRACTION_SCALE[i - from];
        }
        ZoneOffset offset = offset(s, i);
        if (offset == null) {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
        } catch (DateTimeException e) {
            return null; // out of range (February 30th, hour 24): the JDK's parser says how
        }
    }

    private static ZoneOffset offset(String s, int i) {
        int left = s.length() - i;
        if (left == 1 && s.charAt(i) == 'Z') {
            return ZoneOffset.UTC;
        }
        if (left != 6 || s.charAt(i + 3) != ':') {
            return null;
        }
        char sign = s.charAt(i);
        int hours = digits(s, i + 1, 2);
        int minutes = digits(s, i + 4, 2);
        if ((sign != '+' && sign != '-') || (hours | minutes) < 0) {
            return null;
        }
        try {
            return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@link Instant#toString()}: seconds always, a fraction in groups of three digits, {@code Z}. */
    public static String text(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return t.toString();
        }
        LocalDateTime at = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(30);
        date(s, at.getYear(), at.getMonthValue(), at.getDayOfMonth());
        s.append('T');
        two(s, at.getHour()).append(':');
        two(s, at.getMinute()).append(':');
        two(s, at.getSecond());
        fraction(s, t.getNano());
        return s.append('Z').toString();
    }

    /** {@link OffsetDateTime#toString()}: seconds only when not zero, then the offset's id. */
    public static String text(OffsetDateTime t) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return t.toString();
        }
        StringBuilder s = new StringBuilder(35);
        date(s, year, t.getMonthValue(), t.getDayOfMonth());
        s.append('T');
        two(s, t.getHour()).append(':');
        two(s, t.getMinute());
        if (t.getSecond() > 0 || t.getNano() > 0) {
            two(s.append(':'), t.getSecond());
            fraction(s, t.getNano());
        }
        return s.append(t.getOffset().getId()).toString();
    }

    private static void date(StringBuilder s, int year, int month, int day) {
        s.append((char) ('0' + year / 1000)).append((char) ('0' + year / 100 % 10));
        two(s, year % 100).append('-');
        two(s, month).append('-');
        two(s, day);
    }

    private static StringBuilder two(StringBuilder s, int value) {
        return s.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** As {@code LocalTime} and {@code Instant} print it: none, or 3, 6 or 9 digits. */
    private static void fraction(StringBuilder s, int nano) {
        if (nano == 0) {
            return;
        }
        s.append('.');
        int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        int value = nano / FRACTION_SCALE[digits];
        for (int unit = FRACTION_SCALE[10 - digits]; unit > 0; unit /= 10) {
            s.append((char) ('0' + value / unit % 10));
        }
    }
}
