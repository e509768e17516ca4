package io.sidan.dispatch.application;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.sidan.contracts.domain.Ids;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.domain.NotAllowed;
import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.contracts.privacy.PersonalData;
import io.sidan.dispatch.config.DispatchConfig;
import io.sidan.dispatch.domain.ContactAccess;
import io.sidan.dispatch.projection.CaseView;
import io.sidan.dispatch.projection.RequestDetails;
import io.sidan.dispatch.projection.TeamQueries;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.privacy.PersonalDataReads;
import io.sidan.kit.security.Caller;

/**
 * A volunteer team's side (团队接单), apart from the commands themselves: which team an account acts for,
 * which cases it may see (those offered or assigned to it, or that it serves; anything else is "not
 * found"), its task list, the resident's contact while it serves, and the volunteer hours it reports.
 */
@ApplicationScoped
public class TeamTasks {

    private static final Set<String> ACTIVE = Set.of("OFFERED", "ASSIGNED", "ACCEPTED", "IN_SERVICE");

    private final Transactions tx;
    private final TeamQueries teams;
    private final PersonalDataReads personalData;
    private final DispatchConfig config;
    private final Clock clock;

    private final Contacts contacts;

    public TeamTasks(Transactions tx, TeamQueries teams, PersonalDataReads personalData, DispatchConfig config, Clock clock,
                     Contacts contacts) {
        this.tx = tx;
        this.contacts = contacts;
        this.teams = teams;
        this.personalData = personalData;
        this.config = config;
        this.clock = clock;
    }

    /** A case as its team sees it, with the request's details opened. */
    public record Task(CaseView view, Contacts.Contact request) {
    }

    /** The registered team the caller's account acts for (the token's team_id claim). */
    public String teamOf(Caller caller) {
        String team = caller.teamId().orElseThrow(() -> new NotAllowed(
                "Your account is not linked to a volunteer team (no team_id in the token)."));
        if (tx.inTransaction(c -> teams.team(team)).isEmpty()) {
            throw new NotAllowed("Your account's team " + team + " is not registered.");
        }
        return team;
    }

    /** Fails with "not found" unless the case is offered or assigned to the team, or the team served it. */
    public void requireVisible(String requestId, String team) {
        CaseView v = tx.inTransaction(c -> Ids.isUuid(requestId) ? CaseView.<CaseView>findById(requestId) : null);
        if (v == null || !(team.equals(v.teamId) || v.involved().contains(team))) {
            throw new NotFound("There is no task " + requestId + " for your team.");
        }
    }

    /** Active tasks (offered, assigned, accepted, in service), most urgent first; or the latest 100 completed. */
    public List<Task> list(String team, boolean completed) {
        List<CaseView> found = tx.inTransaction(c -> {
            List<CaseView> rows;
            if (completed) {
                rows = CaseView.<CaseView>find("teamId = ?1 and phase = 'COMPLETED'", Sort.by("completedAt", Sort.Direction.Descending), team)
                        .page(Page.ofSize(100)).list();
            } else {
                rows = CaseView.<CaseView>find("phase in ('OFFERED', 'ASSIGNED', 'ACCEPTED', 'IN_SERVICE') "
                        + "and (teamId = ?1 or offeredTo like ?2)", Sort.by("urgencyRank", Sort.Direction.Descending)
                        .and("acceptBy").and("requestId"), team, "%" + team + "%").list();
                rows = rows.stream().filter(v -> ACTIVE.contains(v.phase)).filter(v -> "OFFERED".equals(v.phase)
                        ? v.offeredTeams().contains(team) : team.equals(v.teamId)).toList();
            }
            return rows;
        });
        return withContacts(found);
    }

    /** The task after a command changed its case. */
    public Task task(CaseView v) {
        return withContacts(List.of(v)).get(0);
    }

    /** The tasks with their requests' details, opened after the transaction (no connection held meanwhile). */
    private List<Task> withContacts(List<CaseView> rows) {
        List<RequestDetails> details = tx.inTransaction(c -> rows.stream()
                .map(v -> RequestDetails.<RequestDetails>findById(v.requestId)).toList());
        Map<String, Contacts.Contact> opened = contacts.openAll(details);
        return rows.stream().map(v -> new Task(v, opened.get(v.requestId))).toList();
    }

    /**
     * The resident's contact for the serving team, within its time ({@link ContactAccess}). A contact actually
     * shown is logged, and the log committed, before it is returned; none is logged when it is erased or cannot
     * be opened now.
     */
    public Contacts.Contact contact(String requestId, String team, Caller caller) {
        requireVisible(requestId, team);
        Contacts.Contact contact = contacts.open(tx.inTransaction(c -> {
            CaseView v = CaseView.findById(requestId);
            RequestDetails d = RequestDetails.findById(requestId);
            if (d == null || !ContactAccess.teamMaySee(team, v.teamId, v.phase, v.completedAt, clock.instant(),
                    config.teamContactAfterCompletion())) {
                throw new NotAllowed("Your team sees the resident's contact from accepting the task until "
                        + config.teamContactAfterCompletion().toDays() + " days after completing it.");
            }
            return d;
        }));
        if (contact.state() == Contacts.State.SHOWN) {
            tx.inTransaction(c -> {
                personalData.record(c, caller.as(Caller.TEAM), requestId, PersonalData.CONTACT, PersonalDataReads.SERVICE);
                return null;
            });
        }
        return contact;
    }

    /** One volunteer's reported hours, as the team wrote them. */
    public record Hours(String volunteerId, double hours) {
    }

    /** The hours with each volunteer's name: each named once and a member of the team; rounded to the hundredth. */
    public List<VolunteerHours> hours(String team, List<Hours> reported) {
        List<TeamProfile.Member> members = tx.inTransaction(c -> teams.team(team).map(teams::members).orElse(List.of()));
        Map<String, String> names = members.stream()
                .collect(Collectors.toMap(TeamProfile.Member::volunteerId, TeamProfile.Member::name));
        if (reported.stream().map(Hours::volunteerId).distinct().count() != reported.size()) {
            throw new InvalidInput("volunteerHours", "name each volunteer once");
        }
        return reported.stream().map(h -> {
            String name = names.get(h.volunteerId());
            if (name == null) {
                throw new InvalidInput("volunteerHours", h.volunteerId() + " is not a member of team " + team);
            }
            return new VolunteerHours(h.volunteerId(), name, Math.round(h.hours() * 100) / 100.0);
        }).toList();
    }
}
