package io.sidan.contracts.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Working time in the centre's zone: working hours on working days. A day is a working day from Monday to
 * Friday unless marked a holiday (法定节假日), and a Saturday or Sunday is one when marked a working day
 * (调休 make-up day). The marks come from the calendar's events (an admin's edits, a year's official
 * notice imported); nothing here is hard-coded but the weekend. Pure: no clock, no database.
 */
public final class WorkingCalendar {

    /** How a day is marked; unmarked days follow the weekday rule. */
    public enum Mark { HOLIDAY, WORKDAY }

    /** One stretch of working hours in a day, {@code from} before {@code to}. */
    public record Hours(LocalTime from, LocalTime to) {
        public Hours {
            if (from == null || to == null || !from.isBefore(to)) {
                throw new IllegalArgumentException("working hours run from a time to a later one: " + from + "–" + to);
            }
        }
    }

    /** 09:00–12:00 and 13:30–17:30, until the calendar says otherwise. */
    public static final List<Hours> DEFAULT_HOURS = List.of(new Hours(LocalTime.of(9, 0), LocalTime.of(12, 0)),
            new Hours(LocalTime.of(13, 30), LocalTime.of(17, 30)));
    /** The longest a search for working time looks ahead: a deadline past this is refused as a mistake in the data. */
    private static final int MAX_DAYS = 3 * 366;

    private final ZoneId zone;
    private final List<Hours> hours;
    private final Map<LocalDate, Mark> marks;

    public WorkingCalendar(ZoneId zone, List<Hours> hours, Map<LocalDate, Mark> marks) {
        this.zone = zone;
        this.hours = hours.stream().sorted(Comparator.comparing(Hours::from)).toList();
        for (int i = 1; i < this.hours.size(); i++) {
            if (this.hours.get(i).from().isBefore(this.hours.get(i - 1).to())) {
                throw new IllegalArgumentException("working hours overlap: " + this.hours);
            }
        }
        if (this.hours.isEmpty()) {
            throw new IllegalArgumentException("a working day has at least one stretch of working hours");
        }
        this.marks = new TreeMap<>(marks);
    }

    public ZoneId zone() {
        return zone;
    }

    public List<Hours> hours() {
        return hours;
    }

    public boolean isWorkingDay(LocalDate day) {
        Mark mark = marks.get(day);
        if (mark != null) {
            return mark == Mark.WORKDAY;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * The instant {@code minutes} of working time after {@code start}: time outside working hours does not
     * count. From outside working hours the count begins when work next begins; a count that ends exactly at
     * the close of a stretch ends there.
     */
    public Instant plusWorkingMinutes(Instant start, long minutes) {
        if (minutes < 0) {
            throw new IllegalArgumentException("minutes must not be negative");
        }
        long left = minutes * 60; // seconds still to count
        ZonedDateTime at = start.atZone(zone);
        LocalDate day = at.toLocalDate();
        for (int d = 0; d <= MAX_DAYS; d++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (Hours h : hours) {
                ZonedDateTime from = day.atTime(h.from()).atZone(zone);
                ZonedDateTime to = day.atTime(h.to()).atZone(zone);
                if (!to.isAfter(at)) {
                    continue; // this stretch is over before the start
                }
                ZonedDateTime begin = from.isAfter(at) ? from : at;
                long available = Duration.between(begin, to).toSeconds();
                if (left <= available) {
                    return begin.plusSeconds(left).toInstant();
                }
                left -= available;
            }
        }
        throw new IllegalArgumentException(minutes + " working minutes from " + start + " reach beyond " + MAX_DAYS
                + " days: no working day in the calendar?");
    }

    /** The working time between two instants (zero when {@code to} is not after {@code from}). */
    public Duration workingTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        ZonedDateTime start = from.atZone(zone);
        ZonedDateTime end = to.atZone(zone);
        Duration total = Duration.ZERO;
        for (LocalDate day = start.toLocalDate(); !day.isAfter(end.toLocalDate()); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (Hours h : hours) {
                ZonedDateTime a = max(day.atTime(h.from()).atZone(zone), start);
                ZonedDateTime b = min(day.atTime(h.to()).atZone(zone), end);
                if (b.isAfter(a)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
        }
        return total;
    }

    /** The days marked in {@code year}, in order (what an admin sees of the year). */
    public List<Map.Entry<LocalDate, Mark>> marks(int year) {
        List<Map.Entry<LocalDate, Mark>> inYear = new ArrayList<>();
        for (Map.Entry<LocalDate, Mark> e : marks.entrySet()) {
            if (e.getKey().getYear() == year) {
                inYear.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        return inYear;
    }

    private static ZonedDateTime max(ZonedDateTime a, ZonedDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static ZonedDateTime min(ZonedDateTime a, ZonedDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
