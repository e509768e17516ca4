package io.sidan.request.projection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A monthly (每月统计) or quarterly (每季通报) report: totals, breakdowns and rankings of one period. */
@Schema(name = "AuditReport")
public record AuditReport(String title, String kind, String period, Instant from, Instant to, Instant generatedAt,
                          Map<String, String> definitions, AuditFigures totals, List<AuditFigures> byPeriod,
                          List<AuditFigures> byCategory, List<AuditFigures> byGrid, List<AuditFigures> byTeam,
                          List<Rankings.Ranking> rankings) {
}
