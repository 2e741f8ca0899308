// The users of the journeys that global-setup.ts creates through the API before any test runs (the others
// are made by the first journey, one of them through the admin screen). Their password is PASSWORD.
export const PASSWORD = 'Passw0rd-e2e'

export const TOWNSHIP = '610921104' // 汉阴县双乳镇
export const COUNTY = '610921' // 汉阴县

export const PETITION_USERS = {
  /** The county petition office: assigns backlog cases (交办), decides objections, reviews clearance applications. */
  office: { username: 'pet_hanyin', name: '周信访', role: 'petition', regionCode: COUNTY },
  /** Township petition staff: sign for the cases assigned to 双乳镇 and work them. */
  township: { username: 'pet_shuangru', name: '孙干事', role: 'petition', regionCode: TOWNSHIP },
} as const
