//! The terms the suggester reads that `actorgraph_model::vocab` does not
//! declare (yet): schema.org and W3C Organization properties that data from
//! elsewhere uses for places, parents, affiliations and people.

use oxigraph::model::NamedNodeRef;

/// `schema:Organization`.
pub(crate) const SCHEMA_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/Organization");

/// `schema:GovernmentOrganization`.
pub(crate) const GOVERNMENT_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/GovernmentOrganization");

/// `schema:NGO`.
pub(crate) const NGO: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://schema.org/NGO");

/// `schema:EducationalOrganization`.
pub(crate) const EDUCATIONAL_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/EducationalOrganization");

/// `schema:NewsMediaOrganization`.
pub(crate) const NEWS_MEDIA_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/NewsMediaOrganization");

/// `schema:City`.
pub(crate) const CITY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/City");

/// `schema:AdministrativeArea`.
pub(crate) const ADMINISTRATIVE_AREA: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/AdministrativeArea");

/// `schema:parentOrganization`: the organization this one is part of.
pub(crate) const PARENT_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/parentOrganization");

/// `schema:subOrganization`: a part of this organization.
pub(crate) const SUB_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/subOrganization");

/// `org:hasUnit`: a unit of this organization.
pub(crate) const HAS_UNIT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#hasUnit");

/// `org:hasSubOrganization`: a part of this organization.
pub(crate) const HAS_SUB_ORGANIZATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#hasSubOrganization");

/// `schema:address`: where an organization or person is.
pub(crate) const ADDRESS: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/address");

/// `schema:addressCountry`: the country of an address or of an actor.
pub(crate) const ADDRESS_COUNTRY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/addressCountry");

/// `schema:nationality`: a person's country.
pub(crate) const NATIONALITY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/nationality");

/// `schema:birthPlace`: where a person was born.
pub(crate) const BIRTH_PLACE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/birthPlace");

/// `schema:homeLocation`: where a person lives.
pub(crate) const HOME_LOCATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/homeLocation");

/// `schema:workLocation`: where a person works.
pub(crate) const WORK_LOCATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/workLocation");

/// `schema:performer`: who performed at an event.
pub(crate) const PERFORMER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/performer");

/// `schema:attendee`: who attended an event.
pub(crate) const ATTENDEE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/attendee");

/// `schema:memberOf`: an organization a person belongs to.
pub(crate) const MEMBER_OF: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/memberOf");

/// `schema:worksFor`: a person's employer.
pub(crate) const WORKS_FOR: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/worksFor");

/// `schema:affiliation`: an organization a person is affiliated with.
pub(crate) const AFFILIATION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/affiliation");

/// `schema:birthDate`: a person's date of birth.
pub(crate) const BIRTH_DATE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/birthDate");

/// `schema:gender`: a person's gender.
pub(crate) const GENDER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/gender");

/// `schema:subEvent`: an event that is part of this one.
pub(crate) const SUB_EVENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://schema.org/subEvent");
