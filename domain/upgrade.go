package domain

import "time"

// SchemaVersion is the shape of the cases this version writes: 2 since event dates, the backlog lifecycle
// as worked and the dispute lifecycle of the 人民调解法. Cases stored by an earlier version are carried over
// as they are read (Upgrade), and stored in the new shape at their next write.
const SchemaVersion = 2

// Upgrade carries a case stored by an earlier version over to this one, in place (docs/DESIGN.md, "Carried
// over from the first version"); a case of this version is left alone. Nothing is lost: old fields stay,
// what the new rules need is derived from them.
func Upgrade(c *Case) {
	if c.Schema >= SchemaVersion {
		return
	}
	switch {
	case c.Kind == KindPetition && c.Petition != nil:
		upgradePetition(c)
	case c.Kind == KindDispute && c.Dispute != nil:
		if d := c.Dispute; d.FollowUp != nil && len(d.Visits) == 0 {
			d.Visits = []Visit{{At: d.FollowUp.At, Satisfaction: d.FollowUp.Satisfaction, Note: d.FollowUp.Note}}
		}
	}
	c.Schema = SchemaVersion
}

// upgradePetition gives an old backlog case what the lifecycle as worked needs: its assigning office (the
// county's petition office for county-assigned cases, the city's otherwise), its 交办 date and deadline from
// 交办 (the old version set it at acceptance), and a petition category.
func upgradePetition(c *Case) {
	p := c.Petition
	if p.AssignerRegion == "" {
		p.AssignerRegion = c.CountyCode
		if p.AssignedBy != "county" && len(c.TownshipCode) >= 4 {
			p.AssignerRegion = c.TownshipCode[:4] // the city (prefecture) code
		}
	}
	if p.AssignedAt == nil {
		p.AssignedAt = ptr(c.RegisteredAt)
	}
	if c.Status == StatusReturned {
		c.ClosedAt = nil // returned awaits the assigning office's decision now: it is open
	}
	if c.DueAt == nil {
		due := p.AssignedAt.AddDate(0, 0, PetitionTermDays)
		if p.DueAt != nil {
			due = *p.DueAt
		}
		c.DueAt = &due
	}
	if len(c.Timeline) > 0 && c.Timeline[0].Action == "register" && c.Timeline[0].DueAt == nil {
		first := firstDue(c)
		c.Timeline[0].DueAt = &first
	}
	if cat := PetitionCategoryOf(c.Category); cat != "" {
		c.Category = cat
	} else {
		c.Category = "other"
	}
}

// firstDue is the deadline an old case had from 交办: the office's, else the one its acceptance set, else 60
// days from 交办.
func firstDue(c *Case) time.Time {
	if c.Petition.DueAt != nil {
		return *c.Petition.DueAt
	}
	for _, e := range c.Timeline {
		if e.Action == "accept" && e.DueAt != nil {
			return *e.DueAt
		}
	}
	if c.AcceptedAt != nil {
		return c.AcceptedAt.AddDate(0, 0, PetitionTermDays)
	}
	return c.Petition.AssignedAt.AddDate(0, 0, PetitionTermDays)
}
