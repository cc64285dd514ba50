import { type ReactNode, useEffect } from 'react';
import { type ShopSettings, shopSettings } from '../../lib/shop-settings';
import { ReportToolbar } from '../date-range/report-toolbar';
import { type ReportContext, useReportSearch } from '../date-range/use-report-search';

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
      {children(report, shopSettings)}
    </>
  );
}
