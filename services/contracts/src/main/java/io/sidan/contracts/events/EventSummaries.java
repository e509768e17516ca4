package io.sidan.contracts.events;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

import io.sidan.contracts.calendar.WorkingCalendar;

/** One line in plain words, Chinese and English, for each event type: what timelines and histories show. */
public final class EventSummaries {

    private static final DateTimeFormatter PEOPLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private EventSummaries() {
    }

    public record Summary(String zh, String en) {
    }

    /**
     * Whether only staff (dispatchers, admins) may read the event: a team's progress note it did not
     * mark public. Residents and reviewers never see such an event on a timeline.
     */
    public static boolean staffOnly(SidanEvent event) {
        return event instanceof CaseEvent.ProgressNoted note && !note.visibleToResident();
    }

    /** The event's line, with any time in it written for people in the centre's zone ({@code 2026-03-05 18:00}). */
    public static Summary of(SidanEvent event, ZoneId zone) {
        DateTimeFormatter time = PEOPLE.withZone(zone);
        return switch (event) {
            case RequestEvent.Submitted e -> new Summary("提交诉求：" + e.title(), "Request submitted: " + e.title());
            case RequestEvent.Cancelled e -> new Summary("撤回诉求，原因：" + e.reason(), "Cancelled: " + e.reason());
            case RequestEvent.Reopened e -> new Summary("回头看：第" + e.reopenCount() + "次重新办理，原因：" + e.reason(),
                    "Reopened (follow-up #" + e.reopenCount() + "): " + e.reason());
            case RequestEvent.Closed e -> new Summary("诉求办结归档" + score(e.compositeScore(), "，综合评分 "),
                    "Closed" + score(e.compositeScore(), ", composite score "));
            case CaseEvent.Opened e -> new Summary("进入派单队列", "Queued for dispatch");
            case CaseEvent.Assigned e -> new Summary("派单给 " + e.teamId() + "（" + mode(e.mode().name()) + "），接单时限 "
                    + time.format(e.acceptBy()), "Assigned to " + e.teamId() + " (" + e.mode().name().toLowerCase() + "), accept by "
                    + time.format(e.acceptBy()));
            case CaseEvent.Offered e when e.acceptBy() != null -> new Summary("发布抢单给 " + String.join("、", e.teamIds())
                    + "，接单时限 " + time.format(e.acceptBy()), "Offered to " + String.join(", ", e.teamIds())
                    + " (first to accept), accept by " + time.format(e.acceptBy()));
            case CaseEvent.Offered e -> new Summary("发布抢单给 " + String.join("、", e.teamIds()),
                    "Offered to " + String.join(", ", e.teamIds()) + " (first to accept)");
            case CaseEvent.Accepted e -> new Summary(e.teamId() + " 已接单", e.teamId() + " accepted");
            case CaseEvent.Declined e -> new Summary(e.teamId() + " 拒单，原因：" + e.reason(),
                    e.teamId() + " declined: " + e.reason());
            case CaseEvent.AcceptExpired e -> new Summary("超时未接单，重新派单", "Not accepted in time; back to the queue");
            case CaseEvent.Escalated e -> new Summary("升级为 " + e.level() + " 级" + (e.level() >= 2 ? "（督办）" : "") + "：" + e.reason(),
                    "Escalated to level " + e.level() + (e.level() >= 2 ? " (supervised)" : "") + ": " + e.reason());
            case CaseEvent.Rejected e -> new Summary("不予受理：" + (e.detail() == null ? e.reason().name() : e.detail()),
                    "Rejected (" + e.reason().name().toLowerCase().replace('_', ' ') + ")"
                            + (e.detail() == null ? "" : ": " + e.detail()));
            case CaseEvent.ServiceStarted e -> new Summary("志愿者已到达现场开始服务", "Volunteers on site, service started");
            case CaseEvent.ProgressNoted e -> new Summary("服务进展：" + e.text(), "Progress: " + e.text());
            case CaseEvent.ServiceCompleted e -> new Summary("服务完成：" + e.summary() + "（志愿服务 "
                    + hours(e) + " 小时）", "Service completed: " + e.summary() + " (" + hours(e) + " volunteer hours)");
            case CaseEvent.Cancelled e -> new Summary("派单撤销（群众撤回）", "Dispatch cancelled (request withdrawn)");
            case CaseEvent.Reopened e -> new Summary("重新进入派单队列（回头看）", "Back in the dispatch queue (follow-up)");
            case RatingEvent.Opened e -> new Summary("开始评价（第" + e.round() + "轮）", "Rating opened (round " + e.round() + ")");
            case RatingEvent.Submitted e -> new Summary(party(e.party().name()) + "评价：总体 " + e.scores().overall() + " 分",
                    e.party().name().toLowerCase() + " rated " + e.scores().overall() + "/5 overall");
            case RatingEvent.Flagged e -> new Summary("差评预警，需回访", "Bad rating flagged for follow-up");
            case RatingEvent.FollowedUp e -> new Summary("差评已回访：" + e.note(), "Bad rating followed up: " + e.note());
            case RatingEvent.Finalized e -> new Summary("评价结束" + score(e.composite(), "，综合评分 ")
                    + (e.noResponse().isEmpty() ? "" : "（未评价：" + e.noResponse().stream().map(p -> party(p.name()))
                    .collect(Collectors.joining("、")) + "）"),
                    "Rating final" + score(e.composite(), ", composite ")
                            + (e.noResponse().isEmpty() ? "" : " (no response: " + e.noResponse() + ")"));
            case RatingEvent.PointsAwarded e -> new Summary(e.volunteerName() + " 获得 " + e.points() + " 积分",
                    e.volunteerName() + " earned " + e.points() + " points");
            case RatingEvent.ReputationChanged e -> new Summary("团队信誉更新", "Team reputation updated");
            case RequestEvent.PersonalDataErased e -> e.cause() == ErasureCause.RETENTION
                    ? new Summary("保存期满，个人信息已删除", "Personal data erased: retention period over")
                    : new Summary("应申请删除个人信息", "Personal data erased on request");
            case ErasureEvent.Requested e -> new Summary("申请删除个人信息", "Erasure of personal data requested");
            case ErasureEvent.Approved e -> new Summary("删除申请已批准（" + e.requestIds().size() + " 件诉求）",
                    "Erasure approved (" + e.requestIds().size() + " requests)");
            case ErasureEvent.Rejected e -> new Summary("删除申请未获批准：" + e.reason(), "Erasure rejected: " + e.reason());
            case CatalogueEvent e -> new Summary("服务目录变更", "Catalogue changed");
            case CalendarEvent.WorkingHoursSet e -> new Summary("工作时间变更", "Working hours changed");
            case CalendarEvent.YearSet e -> new Summary(e.year() + " 年节假日安排：" + e.source(), "Holidays of " + e.year() + ": " + e.source());
            case CalendarEvent.DayMarked e -> new Summary(e.date() + " " + (e.mark() == null ? "恢复按星期" : e.mark() == WorkingCalendar.Mark.HOLIDAY ? "放假" : "调休上班"),
                    e.date() + " " + (e.mark() == null ? "back to the weekday rule" : e.mark() == WorkingCalendar.Mark.HOLIDAY ? "off" : "worked"));
            case TeamEvent e -> new Summary("团队信息变更", "Team changed");
            case IntegrityEvent.CheckpointSigned e -> new Summary("签署存证检查点 #" + e.sequence(), "Checkpoint #" + e.sequence() + " signed");
        };
    }

    private static String hours(CaseEvent.ServiceCompleted e) {
        double total = e.volunteerHours().stream().mapToDouble(h -> h.hours()).sum();
        return total == Math.rint(total) ? String.valueOf((long) total) : String.valueOf(total);
    }

    private static String score(Double value, String prefix) {
        return value == null ? "" : prefix + String.format("%.2f", value);
    }

    private static String mode(String mode) {
        return switch (mode) {
            case "DIRECTIVE" -> "指派";
            case "AUTOMATIC" -> "自动派单";
            default -> "抢单";
        };
    }

    private static String party(String party) {
        return switch (party) {
            case "RESIDENT" -> "群众";
            case "DISPATCHER" -> "平台";
            case "REVIEWER" -> "社区评议员";
            default -> "志愿团队";
        };
    }
}
