package io.sidan.request.api;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.sidan.contracts.calendar.CalendarState;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import io.sidan.request.application.CalendarApplication;
import io.sidan.request.domain.CalendarCommand;
import io.sidan.request.domain.CalendarDecider;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/calendar")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendar", description = "The working-day calendar: working hours, public holidays and 调休 make-up working days")
public class CalendarResource {

    private static final String DATE = "^\\d{4}-\\d{2}-\\d{2}$";
    private static final String TIME = "^([01]\\d|2[0-3]):[0-5]\\d$";

    private final CalendarApplication calendar;
    private final Caller caller;

    public CalendarResource(CalendarApplication calendar, Caller caller) {
        this.calendar = calendar;
        this.caller = caller;
    }

    @Schema(name = "WorkingHours", description = "One stretch of working hours, in the centre's time zone")
    public record HoursBody(@Schema(examples = "09:00") @NotNull @Pattern(regexp = TIME, message = "must be HH:mm") String from,
                            @Schema(examples = "12:00") @NotNull @Pattern(regexp = TIME, message = "must be HH:mm") String to) {
    }

    @Schema(name = "WorkingHoursBody")
    public record WorkingHoursBody(@Schema(description = "The stretches of a working day, not overlapping")
                                   @NotEmpty @Size(max = 6) List<@Valid @NotNull HoursBody> hours) {
    }

    @Schema(name = "HolidayRange", description = "Days off, from and to inclusive (法定节假日, with the weekend days they cover)")
    public record HolidayBody(@Schema(examples = "2026-02-15", format = "date") @NotNull @Pattern(regexp = DATE, message = "must be yyyy-MM-dd") String from,
                              @Schema(examples = "2026-02-23", format = "date") @NotNull @Pattern(regexp = DATE, message = "must be yyyy-MM-dd") String to,
                              @Schema(examples = "春节") @NotBlank @Size(max = 40) String name) {
    }

    @Schema(name = "MakeUpDay", description = "A weekend day worked instead (调休上班)")
    public record WorkdayBody(@Schema(examples = "2026-02-14", format = "date") @NotNull @Pattern(regexp = DATE, message = "must be yyyy-MM-dd") String date,
                              @Schema(examples = "春节调休") @NotBlank @Size(max = 40) String name) {
    }

    @Schema(name = "YearNotice", description = "A year's holiday arrangement, as the official notice gives it")
    public record YearBody(@Schema(description = "Where it comes from", examples = "国务院办公厅关于2026年部分节假日安排的通知")
                           @NotBlank @Size(max = 200) String source,
                           @NotNull @Size(max = 40) List<@Valid @NotNull HolidayBody> holidays,
                           @NotNull @Size(max = 40) List<@Valid @NotNull WorkdayBody> workdays) {
    }

    @Schema(name = "DayMark")
    public record DayBody(@NotNull WorkingCalendar.Mark mark, @Schema(examples = "临时放假") @NotBlank @Size(max = 40) String name) {
    }

    @Schema(name = "CalendarYear", description = "The calendar of one year as the SLA clocks count working time with it")
    public record CalendarYear(int year, @Schema(description = "The centre's time zone") String zone,
                               List<HoursShown> hours, @Schema(description = "The marked days, in order") List<DayShown> days,
                               @Schema(description = "Working days in the year") int workingDays) {
    }

    @Schema(name = "WorkingHoursShown")
    public record HoursShown(String from, String to) {
    }

    @Schema(name = "MarkedDay")
    public record DayShown(@Schema(format = "date") String date, @Schema(enumeration = {"HOLIDAY", "WORKDAY"}) String mark,
                           String name) {
    }

    @GET
    @PermitAll
    @Operation(operationId = "getCalendar", summary = "A year of the working-day calendar", description = "Working hours, the "
            + "holidays and make-up working days marked in the year, and how many working days it has. Days not marked follow "
            + "the weekday rule (Monday to Friday). Public.")
    @APIResponse(responseCode = "200", description = "The year",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarYear.class)))
    public CalendarYear get(@Parameter(description = "The year (default: this year in the centre's zone)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "2000", maximum = "2100")) @QueryParam("year") String year) {
        int y = Params.number("year", year, calendar.thisYear(), 2000, 2100);
        CalendarState state = calendar.state();
        return shown(y, state, state.calendar(calendar.zone()));
    }

    @PUT
    @Path("hours")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "changeWorkingHours", summary = "Set the working hours (admins)", description = "The stretches of every "
            + "working day, e.g. 09:00–12:00 and 13:30–17:30. Deadlines already set keep their time.")
    @APIResponse(responseCode = "200", description = "The calendar of this year",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarYear.class)))
    public CalendarYear hours(@Valid @NotNull WorkingHoursBody body) {
        List<WorkingCalendar.Hours> hours = new ArrayList<>();
        for (int i = 0; i < body.hours().size(); i++) {
            HoursBody h = body.hours().get(i);
            LocalTime from = LocalTime.parse(h.from());
            LocalTime to = LocalTime.parse(h.to());
            if (!from.isBefore(to)) {
                throw ProblemException.invalidField("hours[" + i + "].to", "must be after from");
            }
            hours.add(new WorkingCalendar.Hours(from, to));
        }
        return after(new CalendarCommand.SetHours(hours), calendar.thisYear());
    }

    @PUT
    @Path("years/{year}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "changeCalendarYear", summary = "Import a year's holiday notice (admins)", description = "Every holiday "
            + "range and make-up working day of the year, as the State Council's notice (国务院办公厅关于…年部分节假日安排的通知) "
            + "gives them. Replaces the year's earlier marks; a day may be marked once.")
    @APIResponse(responseCode = "200", description = "The year as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarYear.class)))
    public CalendarYear year(@Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "2000", maximum = "2100"))
                             @PathParam("year") String year, @Valid @NotNull YearBody body) {
        int y = Params.number("year", year, 0, 2000, 2100);
        List<CalendarEvent.MarkedDay> days = new ArrayList<>();
        for (int i = 0; i < body.holidays().size(); i++) {
            HolidayBody h = body.holidays().get(i);
            LocalDate from = date("holidays[" + i + "].from", h.from());
            LocalDate to = date("holidays[" + i + "].to", h.to());
            if (to.isBefore(from) || to.isAfter(from.plusDays(31))) {
                throw ProblemException.invalidField("holidays[" + i + "].to", "must be from the from day to at most 31 days later");
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(new CalendarEvent.MarkedDay(d, WorkingCalendar.Mark.HOLIDAY, h.name().strip()));
            }
        }
        for (int i = 0; i < body.workdays().size(); i++) {
            WorkdayBody w = body.workdays().get(i);
            days.add(new CalendarEvent.MarkedDay(date("workdays[" + i + "].date", w.date()), WorkingCalendar.Mark.WORKDAY,
                    w.name().strip()));
        }
        return after(new CalendarCommand.SetYear(y, days, body.source().strip()), y);
    }

    @PUT
    @Path("days/{date}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "changeCalendarDay", summary = "Mark one day (admins)", description = "A day off (HOLIDAY) or a day "
            + "worked (WORKDAY), e.g. a change announced after the year's notice.")
    @APIResponse(responseCode = "200", description = "The day's year as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarYear.class)))
    public CalendarYear mark(@Parameter(schema = @Schema(format = "date")) @PathParam("date") String date,
                             @Valid @NotNull DayBody body) {
        LocalDate day = date("date", date);
        return after(new CalendarCommand.MarkDay(day, body.mark(), body.name().strip()), day.getYear());
    }

    @DELETE
    @Path("days/{date}")
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "deleteCalendarDayMark", summary = "Unmark one day (admins)", description = "The day follows the "
            + "weekday rule again.")
    @APIResponse(responseCode = "200", description = "The day's year as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarYear.class)))
    public CalendarYear unmark(@Parameter(schema = @Schema(format = "date")) @PathParam("date") String date) {
        LocalDate day = date("date", date);
        return after(new CalendarCommand.MarkDay(day, null, "unmarked"), day.getYear());
    }

    private CalendarYear after(CalendarCommand command, int year) {
        CalendarState state = calendar.execute(command,
                new EventMetadata(caller.as(Caller.ADMIN), CorrelationIds.from(null), null));
        WorkingCalendar now = state.calendar(calendar.zone());
        return shown(year, state, now);
    }

    private static CalendarYear shown(int year, CalendarState state, WorkingCalendar working) {
        List<DayShown> days = state.marks().values().stream().filter(d -> d.date().getYear() == year)
                .sorted(java.util.Comparator.comparing(CalendarEvent.MarkedDay::date))
                .map(d -> new DayShown(d.date().toString(), d.mark().name(), d.name())).toList();
        int workingDays = 0;
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            workingDays += working.isWorkingDay(d) ? 1 : 0;
        }
        return new CalendarYear(year, working.zone().getId(),
                state.hours().stream().map(h -> new HoursShown(h.from().toString(), h.to().toString())).toList(), days, workingDays);
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw ProblemException.invalidField(field, "must be a date, yyyy-MM-dd");
        }
    }
}
