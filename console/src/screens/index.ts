import { ImportScreen } from './admin/import.js';
import { PolicyScreen } from './admin/policy.js';
import { RelayOperatorsScreen } from './admin/relays.js';
import { CommitteeQueueScreen } from './applications/committee.js';
import { ApplicationDetailScreen } from './applications/detail.js';
import { ApplicationsScreen, WorkQueueScreen } from './applications/list.js';
import { CasesScreen } from './cases/cases.js';
import { ChangeReportsScreen, ChangeReviewScreen } from './change-reports/change-reports.js';
import { InspectionDetailScreen } from './inspections/detail.js';
import { InspectionsScreen } from './inspections/inspections.js';
import { ObjectionDetailScreen } from './objections/detail.js';
import { ObjectionsScreen } from './objections/objections.js';
import type { ScreenDef } from './registry.js';
import { AuditScreen } from './regulator/audit.js';
import { DashboardScreen } from './regulator/dashboard.js';
import { DeliveriesScreen } from './relay/deliveries.js';
import {
  ChangeFeedScreen,
  EligibilityLookupScreen,
  RegistrySnapshotScreen,
  RelayWebhookScreen,
} from './relay/relay.js';
import { ApplyScreen } from './reseller/apply.js';
import { CertificateScreen } from './reseller/certificate.js';
import { MyCasesScreen } from './reseller/my-cases.js';
import { NotificationsScreen, ResellerSanctionsScreen, SenderCodesScreen } from './reseller/records.js';
import { ResellerStatusScreen } from './reseller/status.js';
import { ResellerRecordScreen } from './sanctions/reseller-record.js';

/**
 * Every screen, by role, in menu order. A role sees exactly the screens for the routes the API lets it
 * call (shared/http/routes.ts); new routes get a screen here.
 */
export const screens: readonly ScreenDef[] = [
  // reseller
  { path: '/status', roles: ['reseller'], nav: 'nav.status', component: ResellerStatusScreen },
  { path: '/apply', roles: ['reseller'], nav: 'nav.apply', component: ApplyScreen },
  {
    path: '/applications',
    roles: ['reseller', 'regulator'],
    nav: 'nav.applications',
    component: ApplicationsScreen,
  },
  { path: '/certificate', roles: ['reseller'], nav: 'nav.certificate', component: CertificateScreen },
  { path: '/sanctions', roles: ['reseller'], nav: 'nav.sanctions', component: ResellerSanctionsScreen },
  { path: '/my-cases', roles: ['reseller'], nav: 'nav.myCases', component: MyCasesScreen },
  {
    path: '/objections',
    roles: ['reseller', 'reviewer', 'committee', 'regulator'],
    nav: 'nav.objections',
    component: ObjectionsScreen,
  },
  { path: '/change-reports', roles: ['reseller'], nav: 'nav.changeReports', component: ChangeReportsScreen },
  { path: '/notifications', roles: ['reseller'], nav: 'nav.notifications', component: NotificationsScreen },
  { path: '/sender-codes', roles: ['reseller'], nav: 'nav.senderCodes', component: SenderCodesScreen },
  // staff
  { path: '/queue', roles: ['reviewer'], nav: 'nav.queue', component: WorkQueueScreen },
  { path: '/decisions', roles: ['committee'], nav: 'nav.decisions', component: CommitteeQueueScreen },
  {
    path: '/inspections',
    roles: ['reviewer', 'committee', 'regulator'],
    nav: 'nav.inspections',
    component: InspectionsScreen,
  },
  {
    path: '/change-reviews',
    roles: ['reviewer', 'committee', 'regulator'],
    nav: 'nav.changeReviews',
    component: ChangeReviewScreen,
  },
  { path: '/audit', roles: ['regulator', 'admin'], nav: 'nav.audit', component: AuditScreen },
  { path: '/cases', roles: ['reviewer', 'committee', 'regulator'], nav: 'nav.cases', component: CasesScreen },
  { path: '/dashboard', roles: ['regulator', 'reviewer'], nav: 'nav.dashboard', component: DashboardScreen },
  // relay (regulator and admin may read the registry too)
  {
    path: '/eligibility',
    roles: ['relay', 'reviewer', 'committee', 'regulator', 'admin'],
    nav: 'nav.eligibility',
    component: EligibilityLookupScreen,
  },
  {
    path: '/registry',
    roles: ['relay', 'regulator', 'admin'],
    nav: 'nav.registry',
    component: RegistrySnapshotScreen,
  },
  {
    path: '/changes',
    roles: ['relay', 'regulator', 'admin'],
    nav: 'nav.changes',
    component: ChangeFeedScreen,
  },
  { path: '/webhook', roles: ['relay'], nav: 'nav.webhook', component: RelayWebhookScreen },
  { path: '/deliveries', roles: ['relay', 'admin'], nav: 'nav.deliveries', component: DeliveriesScreen },
  // admin
  { path: '/relays', roles: ['admin'], nav: 'nav.relays', component: RelayOperatorsScreen },
  {
    path: '/policy',
    roles: ['admin', 'reviewer', 'committee', 'regulator'],
    nav: 'nav.policy',
    component: PolicyScreen,
  },
  { path: '/import', roles: ['admin'], nav: 'nav.import', component: ImportScreen },
  // detail screens (reached by links)
  {
    path: '/applications/:id',
    roles: ['reseller', 'reviewer', 'committee', 'regulator'],
    component: ApplicationDetailScreen,
  },
  {
    path: '/inspections/:id',
    roles: ['reseller', 'reviewer', 'committee', 'regulator'],
    component: InspectionDetailScreen,
  },
  {
    path: '/objections/:id',
    roles: ['reseller', 'reviewer', 'committee', 'regulator'],
    component: ObjectionDetailScreen,
  },
  {
    path: '/resellers/:brn',
    roles: ['reviewer', 'committee', 'regulator', 'admin'],
    component: ResellerRecordScreen,
  },
];
