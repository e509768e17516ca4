package io.sidan.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.contracts.events.CatalogueEvent;
import io.sidan.contracts.events.ErasureCause;
import io.sidan.contracts.events.ErasureEvent;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.EscalationCause;
import io.sidan.contracts.events.Grid;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RejectionReason;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.Scores;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.events.SlaClock;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.IntegrityEvent;
import io.sidan.contracts.events.TeamEvent;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;

/** One realistic sample of every event type; the approval test pins their JSON. */
final class EventSamples {

    static final String REQUEST = "5b0f8a9e-3c1d-4f4e-9a57-2f1e8c6d7b10";
    static final Instant T = Instant.parse("2026-03-05T08:30:00Z");
    static final SlaTargets SLA = new SlaTargets(30, 60, 1440);
    static final List<VolunteerHours> HOURS = List.of(
            new VolunteerHours("v-zhang-wei", "张伟", 2.5), new VolunteerHours("v-li-na", "李娜", 1.5));

    static List<SidanEvent> all() {
        Category category = new Category("ELDERLY_CARE", "助老助残", "Elderly and disability care",
                "为老年人和残障人士提供上门帮扶", "Home help for the elderly and people with disabilities",
                "elderly", Urgency.NORMAL,
                Map.of(Urgency.NORMAL, SLA, Urgency.EMERGENCY, new SlaTargets(10, 15, 240)),
                List.of(new Category.ServiceItem("HAIRCUT", "上门理发", "Haircut at home")), true, SlaClock.WORKING);
        Grid grid = new Grid("G-DONGCHENG-01", "东城第一网格", "东城区", "王芳", "13800000001", true);
        TeamProfile team = new TeamProfile("red-vest", "红马甲志愿服务队", List.of("ELDERLY_CARE", "CONVENIENCE"),
                List.of("G-DONGCHENG-01"), 5, List.of(new TeamProfile.Member("v-zhang-wei", "张伟")), true);
        return List.of(
                new RequestEvent.Submitted(REQUEST, "3f1c2d4e-resident1", "resident1", Channel.APP, "ELDERLY_CARE",
                        "HAIRCUT", "老人上门理发", "我母亲行动不便，想请志愿者上门理发。",
                        new Location("G-DONGCHENG-01", "东城区和平里街道3号楼2单元501", 39.9551, 116.4177),
                        Urgency.NORMAL, "13912345678",
                        new TimeWindow(Instant.parse("2026-03-06T01:00:00Z"), Instant.parse("2026-03-06T04:00:00Z")),
                        SLA),
                new RequestEvent.Cancelled(REQUEST, "家人已经帮忙解决"),
                new RequestEvent.Reopened(REQUEST, "理发后头发仍然太长", 1),
                new RequestEvent.Closed(REQUEST, 1, 4.6),
                new RequestEvent.PersonalDataErased(REQUEST, ErasureCause.ERASURE_REQUEST, "erasure-5b0e8a62-3f0c-4a8e-9d55-1c2f3a4b5c6d"),
                new CalendarEvent.WorkingHoursSet(WorkingCalendar.DEFAULT_HOURS),
                new CalendarEvent.YearSet(2026, List.of(new CalendarEvent.MarkedDay(LocalDate.of(2026, 2, 14), WorkingCalendar.Mark.WORKDAY, "春节调休"),
                        new CalendarEvent.MarkedDay(LocalDate.of(2026, 2, 15), WorkingCalendar.Mark.HOLIDAY, "春节")), "国务院办公厅关于2026年部分节假日安排的通知"),
                new CalendarEvent.DayMarked(LocalDate.of(2026, 10, 10), null, "取消调休"),
                new ErasureEvent.Requested("erasure-5b0e8a62-3f0c-4a8e-9d55-1c2f3a4b5c6d", "3f1c2d4e-resident1", null, "我已搬离本社区"),
                new ErasureEvent.Approved("erasure-5b0e8a62-3f0c-4a8e-9d55-1c2f3a4b5c6d", List.of(REQUEST)),
                new ErasureEvent.Rejected("erasure-5b0e8a62-3f0c-4a8e-9d55-1c2f3a4b5c6d", "该诉求涉及未结投诉，暂不删除"),
                new CatalogueEvent.CategoryAdded(category),
                new CatalogueEvent.CategoryChanged(category),
                new CatalogueEvent.GridRegistered(grid),
                new CatalogueEvent.GridChanged(grid),
                new CaseEvent.Opened(REQUEST, "3f1c2d4e-resident1", "ELDERLY_CARE", "G-DONGCHENG-01", Urgency.NORMAL,
                        "老人上门理发", T, SLA.withClock(SlaClock.WORKING), T.plusSeconds(7_200), T.plusSeconds(1_800),
                        T.plusSeconds(3 * 86_400)),
                new CaseEvent.Assigned(REQUEST, "red-vest", DispatchMode.DIRECTIVE, T.plusSeconds(14_400), 1,
                        "就近派单"),
                new CaseEvent.Offered(REQUEST, List.of("red-vest", "blue-sky"), T.plusSeconds(14_400), 2, null),
                new CaseEvent.Accepted(REQUEST, "red-vest", DispatchMode.DIRECTIVE, 1),
                new CaseEvent.Declined(REQUEST, "blue-sky", "今日人手不足", 1),
                new CaseEvent.AcceptExpired(REQUEST, List.of("blue-sky"), T.plusSeconds(14_400), 1),
                new CaseEvent.Escalated(REQUEST, 2, "两次未在时限内接单", EscalationCause.ACCEPT_EXPIRED),
                new CaseEvent.Rejected(REQUEST, RejectionReason.DUPLICATE, "与已有诉求重复",
                        "0c3e1a52-7a1b-4f6e-8d2c-9b4a1e7f3c21"),
                new CaseEvent.ServiceStarted(REQUEST, "red-vest"),
                new CaseEvent.ProgressNoted(REQUEST, "red-vest", "已到达现场", true),
                new CaseEvent.ServiceCompleted(REQUEST, "red-vest", "已完成上门理发", HOURS,
                        List.of("https://example.org/evidence/1.jpg"), "3f1c2d4e-resident1", "ELDERLY_CARE",
                        "G-DONGCHENG-01", 1),
                new CaseEvent.Cancelled(REQUEST, "群众撤单"),
                new CaseEvent.Reopened(REQUEST, "回头看：群众不满意", 1, 1, T.plusSeconds(10 * 86_400),
                        T.plusSeconds(12 * 86_400)),
                new TeamEvent.Registered(team),
                new TeamEvent.Updated(team),
                new IntegrityEvent.CheckpointSigned("request-service", 7, 1042, 311, 1040, "ab".repeat(32), "cd".repeat(32), true, T,
                        "0123456789abcdef", "c2lnbmF0dXJl"),
                new RatingEvent.Opened(REQUEST, 1, "red-vest", "3f1c2d4e-resident1", "ELDERLY_CARE", "G-DONGCHENG-01",
                        List.of(Party.RESIDENT, Party.DISPATCHER), T.plusSeconds(604_800), HOURS),
                new RatingEvent.Submitted(REQUEST, 1, Party.RESIDENT, "3f1c2d4e-resident1", new Scores(5, 4, 5, 5),
                        "志愿者很耐心"),
                new RatingEvent.Flagged(REQUEST, 1, Party.RESIDENT, "3f1c2d4e-resident1", 2, "来得太晚"),
                new RatingEvent.FollowedUp(REQUEST, 1, "电话回访，群众表示理解", false),
                new RatingEvent.Finalized(REQUEST, 1, "red-vest", 4.6,
                        List.of(new RatingEvent.PartyResult(Party.RESIDENT, 5, 0.6),
                                new RatingEvent.PartyResult(Party.DISPATCHER, 4, 0.4)),
                        List.of(), RatingEvent.FinalizationReason.ALL_RATED),
                new RatingEvent.PointsAwarded(REQUEST, 1, "v-zhang-wei", "张伟", 2.5, 30, "10 per hour x 1.2 (composite >= 4.5)"),
                new RatingEvent.ReputationChanged("red-vest", 4.55, 12, 50, REQUEST));
    }

    private EventSamples() {
    }
}
