//! The cloud regions a project can run in, with their readable names.

use crate::Cloud;

/// `(cloud, code, readable name)`.
pub const REGIONS: &[(Cloud, &str, &str)] = &[
    (Cloud::Aws, "us-east-1", "US East (N. Virginia)"),
    (Cloud::Aws, "us-east-2", "US East (Ohio)"),
    (Cloud::Aws, "us-west-1", "US West (N. California)"),
    (Cloud::Aws, "us-west-2", "US West (Oregon)"),
    (Cloud::Aws, "ca-central-1", "Canada (Central)"),
    (Cloud::Aws, "eu-central-1", "Europe (Frankfurt)"),
    (Cloud::Aws, "eu-west-1", "Europe (Ireland)"),
    (Cloud::Aws, "eu-west-2", "Europe (London)"),
    (Cloud::Aws, "eu-west-3", "Europe (Paris)"),
    (Cloud::Aws, "eu-north-1", "Europe (Stockholm)"),
    (Cloud::Aws, "ap-south-1", "Asia Pacific (Mumbai)"),
    (Cloud::Aws, "ap-northeast-1", "Asia Pacific (Tokyo)"),
    (Cloud::Aws, "ap-southeast-1", "Asia Pacific (Singapore)"),
    (Cloud::Aws, "ap-southeast-2", "Asia Pacific (Sydney)"),
    (Cloud::Aws, "sa-east-1", "South America (São Paulo)"),
    (Cloud::Azure, "eastus", "East US (Virginia)"),
    (Cloud::Azure, "eastus2", "East US 2 (Virginia)"),
    (Cloud::Azure, "centralus", "Central US (Iowa)"),
    (Cloud::Azure, "westus2", "West US 2 (Washington)"),
    (Cloud::Azure, "canadacentral", "Canada Central (Toronto)"),
    (Cloud::Azure, "northeurope", "North Europe (Ireland)"),
    (Cloud::Azure, "westeurope", "West Europe (Netherlands)"),
    (Cloud::Azure, "uksouth", "UK South (London)"),
    (
        Cloud::Azure,
        "germanywestcentral",
        "Germany West Central (Frankfurt)",
    ),
    (Cloud::Azure, "southeastasia", "Southeast Asia (Singapore)"),
    (
        Cloud::Azure,
        "australiaeast",
        "Australia East (New South Wales)",
    ),
    (Cloud::Gcp, "us-central1", "Iowa (us-central1)"),
    (Cloud::Gcp, "us-east1", "South Carolina (us-east1)"),
    (Cloud::Gcp, "us-east4", "Northern Virginia (us-east4)"),
    (Cloud::Gcp, "us-west1", "Oregon (us-west1)"),
    (
        Cloud::Gcp,
        "northamerica-northeast1",
        "Montréal (northamerica-northeast1)",
    ),
    (Cloud::Gcp, "europe-west1", "Belgium (europe-west1)"),
    (Cloud::Gcp, "europe-west2", "London (europe-west2)"),
    (Cloud::Gcp, "europe-west3", "Frankfurt (europe-west3)"),
    (Cloud::Gcp, "europe-west4", "Netherlands (europe-west4)"),
    (Cloud::Gcp, "asia-southeast1", "Singapore (asia-southeast1)"),
    (Cloud::Gcp, "asia-northeast1", "Tokyo (asia-northeast1)"),
    (
        Cloud::Gcp,
        "australia-southeast1",
        "Sydney (australia-southeast1)",
    ),
];

/// The readable name of a region of a cloud, e.g. `us-west-2` on AWS is
/// "US West (Oregon)".
pub fn region_name(cloud: Cloud, code: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|(c, r, _)| *c == cloud && *r == code)
        .map(|(_, _, name)| *name)
}

/// The regions of one cloud, in the order above.
pub fn regions_of(cloud: Cloud) -> impl Iterator<Item = (&'static str, &'static str)> {
    REGIONS
        .iter()
        .filter(move |(c, _, _)| *c == cloud)
        .map(|(_, code, name)| (*code, *name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_have_readable_names() {
        assert_eq!(
            region_name(Cloud::Aws, "us-west-2"),
            Some("US West (Oregon)")
        );
        assert_eq!(region_name(Cloud::Azure, "us-west-2"), None);
        assert_eq!(region_name(Cloud::Aws, "mars-1"), None);
        for cloud in Cloud::ALL {
            assert!(regions_of(cloud).count() >= 5);
        }
        let mut seen = std::collections::HashSet::new();
        assert!(
            REGIONS.iter().all(|(c, r, _)| seen.insert((*c, *r))),
            "no region twice"
        );
    }
}
