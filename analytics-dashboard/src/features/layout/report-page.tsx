import { type ReactNode, useEffect } from 'react';
import { type ShopSettings, useShopSettings } from '../../lib/shop-settings';
import { todayIn } from '../date-range/date-range';
import { ReportToolbar } from '../date-range/report-toolbar';
import { type ReportContext, useReportSearch } from '../date-range/use-report-search';
import { FilterBar } from '../filters/filter-bar';
import { RefreshButton } from './refresh-button';

/** A date-range report screen: title, toolbar, and its panels. */
export function ReportPage({
  title,
  showGranularity = true,
  children,
}: {
  title: string;
  showGranularity?: boolean;
  children: (report: ReportContext, settings: ShopSettings) => ReactNode;
}) {
  const shopSettings = useShopSettings();
  const report = useReportSearch();
  useEffect(() => {
    document.title = `${title} · ShopStream Analytics`;
  }, [title]);
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        <ReportToolbar report={report} locale={shopSettings.locale} showGranularity={showGranularity} />
      </div>
      <FilterBar report={report} />
      <RefreshButton
        includesToday={report.range.end >= todayIn(report.timeZone, new Date())}
        locale={shopSettings.locale}
        timeZone={report.timeZone}
      />
      {children(report, shopSettings)}
    </>
  );
}
