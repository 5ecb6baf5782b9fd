// PHARMACY 339.7 "Implanted Spinal Drug Delivery Systems", effective 2023-07-01.
// The policy text verbatim (reference/policy/PHARMACY-339.7.source.txt; only `, ${ and backslashes
// are escaped for the template literal). Do not edit by hand: every citation quotes it, and
// lib/policy/text-source.test.ts checks it against that file byte for byte.
export const PHARMACY_339_7_TEXT = `

Implanted Spinal Drug Delivery Systems

Policy Number: PHARMACY 339.7
Effective Date: July 1, 2023

[Instructions for Use](#)

Table of Contents	Page
Coverage Rationale	1
Documentation Requirements	2
Applicable Codes	2
Description of Services	3
Clinical Evidence	4
U.S. Food and Drug Administration	7
References	7
Policy History/Revision Information	8
Instructions for Use	8

Related Policies

- [Ablative Treatment for Spinal Pain](#)
- [Epidural Steroid Injections for Spinal Pain](#)
- [Facet Joint and Medial Branch Block Injections for Spinal Pain](#)

Coverage Rationale

Cancer-Related Pain

Epidural or intrathecal drug infusion trial or catheter pump placement for cancer-related pain is proven and medically necessary in certain circumstances. For medical necessity clinical coverage criteria, refer to the InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement.

Click [here](#) to view the InterQual® criteria.

Spasticity

Epidural or intrathecal drug infusion trial or catheter pump placement for severe spasticity is proven and medically necessary in certain circumstances. For medical necessity clinical coverage criteria, refer to the InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement.

Click [here](#) to view the InterQual® criteria.

Chronic Non-Malignant Pain

Epidural or intrathecal catheter drug infusion trial for non-malignant pain is proven and medically necessary for the following:

- Chronic intractable pain of a non-malignant origin (e.g., failed back surgery syndrome, complex regional pain syndrome, neuropathic pain) when **all** of the following criteria are met:
 - Age ≥ 18 years*; and
 - Etiology of pain is known and clearly documented; and
 - Further treatment or surgical intervention for underlying condition is not indicated or refused; and
 - Documentation of treatment failure due to intolerable side-effects or failure to provide analgesia safely after a minimum of a 6-month trial of conservative methods of pain management (e.g., pharmacological, physical therapy, behavioral health treatment); and
 - Documentation of the absence of underlying, untreated psychological or psychosocial issues that will interfere with successful pain treatment

Epidural or intrathecal catheter pump placement for non-malignant pain is proven and medically necessary when all of the following criteria are met:

- Completion of drug infusion trial that [met above criteria](#); and
- Documentation of a ≥ 50% reduction in pain during trial

*This policy does not address individuals who are younger than 18 years of age.

Documentation Requirements

Benefit coverage for health services is determined by the member specific benefit plan document and applicable laws that may require coverage for a specific service. The documentation requirements outlined below are used to assess whether the member meets the clinical criteria for coverage but do not guarantee coverage of the service requested.

CPT Codes*	Required Clinical Information
Implanted Spinal Drug Delivery Systems	
62320 62321 62322 62324 62325 62326 62327 62350 62351 62360 62361 62362	<p>Medical notes documenting the following, when applicable:</p> <ul style="list-style-type: none"> • Condition requiring procedure • For cancer-related pain: <ul style="list-style-type: none"> ○ For trial: <ul style="list-style-type: none"> ▪ Presence and location of metastatic lesions ▪ Presence or absence of increased intracranial pressure ▪ Life expectancy ▪ Treatments tried, failed, or contraindicated; include the dates and reason for discontinuation ○ For implantation, in addition to the above, also provide the degree of pain reduction after trial • For spasticity: <ul style="list-style-type: none"> ○ For trial: <ul style="list-style-type: none"> ▪ Member’s symptoms, pain, location, and severity including functional impairment that is interfering with activities of daily living (meals, walking, getting dressed, driving) ▪ Results of <i>Modified Ashworth Scale</i> or <i>Penn Spasm Frequency Scale</i> ▪ Treatments tried, failed, or contraindicated; include the dates and reason for discontinuation ▪ Psychiatric or substance use history ▪ Presence or absence of increased intracranial pressure ○ For implantation, in addition to the above, also provide: <ul style="list-style-type: none"> ▪ Degree of pain reduction after trial, if applicable ▪ Score/point reduction in the <i>Modified Ashworth Scale</i> or <i>Penn Spasm Frequency Scale</i> • For chronic non-malignant pain: <ul style="list-style-type: none"> ○ For trial: <ul style="list-style-type: none"> ▪ Etiology of pain ▪ Treatments tried, failed, contraindicated, or refused; include the dates and reason for discontinuation, contraindication, or refusal ▪ Documentation of consideration given to additional treatments for underlying conditions ▪ Psychiatric or psychosocial issues/history ○ For implantation, in addition to the above, also provide the degree of pain reduction after trial

*For code descriptions, refer to the [Applicable Codes](#) section.

Applicable Codes

The following list(s) of procedure and/or diagnosis codes is provided for reference purposes only and may not be all inclusive. Listing of a code in this policy does not imply that the service described by the code is a covered or non-covered health service. Benefit coverage for health services is determined by the member specific benefit plan document and applicable laws that may

require coverage for a specific service. The inclusion of a code does not imply any right to reimbursement or guarantee claim payment. Other Policies may apply.

CPT Code	Description
62320	Injection(s), of diagnostic or therapeutic substance(s) (e.g., anesthetic, antispasmodic, opioid, steroid, other solution), not including neurolytic substances, including needle or catheter placement, interlaminar epidural or subarachnoid, cervical or thoracic; without imaging guidance
62321	Injection(s), of diagnostic or therapeutic substance(s) (e.g., anesthetic, antispasmodic, opioid, steroid, other solution), not including neurolytic substances, including needle or catheter placement, interlaminar epidural or subarachnoid, cervical or thoracic; with imaging guidance (i.e., fluoroscopy or CT)
62322	Injection(s), of diagnostic or therapeutic substance(s) (e.g., anesthetic, antispasmodic, opioid, steroid, other solution), not including neurolytic substances, including needle or catheter placement, interlaminar epidural or subarachnoid, lumbar or sacral (caudal); without imaging guidance
62323	Injection(s), of diagnostic or therapeutic substance(s) (e.g., anesthetic, antispasmodic, opioid, steroid, other solution), not including neurolytic substances, including needle or catheter placement, interlaminar epidural or subarachnoid, lumbar or sacral (caudal); with imaging guidance (i.e., fluoroscopy or CT)
62324	Injection(s), including indwelling catheter placement, continuous infusion or intermittent bolus, of diagnostic or therapeutic substance(s) (e.g., anesthetic, antispasmodic, opioid, steroid, other solution), not including neurolytic substances, interlaminar epidural or subarachnoid, cervical or thoracic; without imaging guidance
62325	Injection(s), including indwelling catheter placement, continuous infusion or intermittent bolus, of diagnostic or therapeutic substance(s) (e.g., anesthetic, antispasmodic, opioid, steroid, other solution), not including neurolytic substances, interlaminar epidural or subarachnoid, cervical or thoracic; with imaging guidance (i.e., fluoroscopy or CT)
62326	Injection(s), including indwelling catheter placement, continuous infusion or intermittent bolus, of diagnostic or therapeutic substance(s) (e.g., anesthetic, antispasmodic, opioid, steroid, other solution), not including neurolytic substances, interlaminar epidural or subarachnoid, lumbar or sacral (caudal); without imaging guidance
62327	Injection(s), including indwelling catheter placement, continuous infusion or intermittent bolus, of diagnostic or therapeutic substance(s) (e.g., anesthetic, antispasmodic, opioid, steroid, other solution), not including neurolytic substances, interlaminar epidural or subarachnoid, lumbar or sacral (caudal); with imaging guidance (i.e., fluoroscopy or CT)
62350	Implantation, revision or repositioning of tunneled intrathecal or epidural catheter, for long-term medication administration via an external pump or implantable reservoir/infusion pump; without laminectomy
62351	Implantation, revision or repositioning of tunneled intrathecal or epidural catheter, for long-term medication administration via an external pump or implantable reservoir/infusion pump; with laminectomy
62360	Implantation or replacement of device for intrathecal or epidural drug infusion; subcutaneous reservoir
62361	Implantation or replacement of device for intrathecal or epidural drug infusion; non-programmable pump
62362	Implantation or replacement of device for intrathecal or epidural drug infusion; programmable pump, including preparation of pump, with or without programming

CPT® is a registered trademark of the American Medical Association

Description of Services

Implanted drug delivery systems for intrathecal (IT) drug administration consist of a catheter and a constant-flow or a programmable pump that delivers the drug directly into the cerebrospinal fluid within the IT space of the spinal column. The implantation of a pump is preceded by an IT or epidural trial infusion to determine whether the patient exhibits an adequate response. If the trial is successful, the drug infusion system is implanted under general anesthesia. Implanted drug delivery systems can be used to treat pain or spasticity. The Food and Drug Administration has approved morphine and ziconotide (a

non-opioid drug) for IT analgesia (Hayes Intrathecal Opioids for Noncancer Pain, July 2019. Updated September 2021) and baclofen for spasticity. (Deer et al., 2017)

Clinical Evidence

A prospective observational study by Giglio et al. (2022) was conducted to report the effects on pain, mood and quality of life (QoL) of an intrathecal (IT) combination therapy delivered by an intrathecal (IT) drug delivery system connected to a subcutaneous port (IDDS-SP) in malignant refractory pain. Adult patients in which IT therapy was recommended were recruited. Following study approval in October 2021, 50 patients, (16 F/34 M) with a life expectancy of less than 3 months were enrolled (age 69 ± 12). All had advanced cancer with metastasis. An IT therapy with morphine and levobupivacaine was started. VASPI score, depression and anxiety (evaluated by the Edmonton Symptom Assessment System -ESAS-), the Pittsburgh Sleep Quality Index (PSQI), the 5-level EuroQol 5D version (EQ-5D-5L) and the requirements of breakthrough cancer pain (BTcP) medications were registered, with adverse events rate and the satisfaction of patients scored as Patient Global Impression of Change (PGIC). The median daily VASPI score was 75, the median depression score was 6, and the median anxiety score was 4, median PSQI was 16. At 28 days, a reduction in VASPI score was registered as well as in depression and anxiety item. PSQI decrease. The EQ-5D-5 L showed improvement in all components at 14 and 28 days. Patient Global Impression of Change scores showed high level of satisfaction. A low incidence of adverse events and a reduction in BTcP episodes were also registered. The authors concluded that intrathecal combination therapy delivered by an IDDS-SP could ensure adequate control of cancer related symptoms including pain, depression, anxiety and sleep disturbances. These effects, with low rate of AEs (defined as drug intolerance) and reduced BTcP episodes, could explain the improvement in QoL and the overall high levels of patients' satisfaction. This non-randomized study has several limitations including study design and the difficult-to-treat category of patients enrolled which does not permit the authors to reach a firm conclusion. In addition, the short life expectancy due to cancer progression limited the time of observation. Further research with randomized controlled trials is needed to validate these findings.

In a health technology assessment for intrathecal opioids for chronic noncancer pain, Hayes indicates that there is a large-sized but low-quality body of evidence that suggests that intrathecal (IT) opioids alone or combined with a non-opioid drug appear to be safe and consistently reduce chronic noncancer pain and improve function for several months or years. The evidence base for the Hayes report included 21 studies (22 publications). Of these, there were two RCTs (Raphael et al., 2013; Hamza et al., 2015) and 2 comparative prospective studies (Thimineur et al., 2004; Hamza et al., 2012). The other studies were prospective non-comparative studies or retrospective studies. Intrathecal opioid therapy improved pain in the majority of patients in 20 studies, which compared pain measures before and after pump implantation, although the amount of improvement was variable. Of the 19 studies for which a result for percentage reduction in pain was calculated, 4 found reductions of $\\geq 50\\%$; 5 found reductions of $\\geq 40\\%$ to $< 50\\%$, 2 studies found reductions of $\\geq 30\\%$ to $< 40\\%$, and 8 studies found reductions of $\\geq 20\\%$ to $< 30\\%$ for IT opioid therapy only. In all of the studies, patients were required to undergo a screening trial to evaluate clinical response to an epidural or intrathecal opioid prior to pump implantation. Patients with a successful screening trial, defined in most studies as a clinically significant pain reduction of $\\geq 50\\%$ from baseline with no adverse effects of treatment, were implanted with constant flow or programmable pumps. The Hayes report indicated that there is a need for additional, larger, well-designed controlled trials to better determine benefits over the long term and to define patient selection criteria. (Hayes, Intrathecal Opioids for Noncancer Pain, July 2019 Updated September 2021)

Sommer et al. (2019) evaluated the efficacy of and surgical and pharmacological complications of IT pumps for refractory nonmalignant pain syndromes beyond a time span of 10 years. In this retrospective single-center cohort study, 27 patients were identified. Pain intensity using the numeric rating scale (NRS), pain and IT pump characteristics, and complications were analyzed. Overall time of IT therapy from first implantation to last follow-up was 20.4 ± 6.0 years. Time to implantation of the second pump ($n = 18$) was 10.0 ± 5.3 years, and between the second and third pump ($n = 6$) 6.5 ± 2.7 years; 2 patients received their fourth pump 6 years later. The NRS score was 9.0 ± 0.9 before implantation, 7.0 ± 1.8 1 year after implantation, and 4.0 ± 2.3 at the last follow-up. IT drug dose remained stable after 3 years. Opioid intoxications occurred in 3 patients (10%). One patient (3%) underwent revision surgery due to a catheter infection. Drug side effects occurred in 4 patients (14%). The patient group had pain-related restrictions in physical activities with menial impact regarding mental and emotional stress. The authors indicated that even after a time span of over 15 years and several exchanges of pump systems, pain intensity was still reduced.

Herring et al. (2019) conducted a single center, retrospective study to evaluate the long-term efficacy of intrathecal drug delivery systems (IDDS) in patients with complex regional pain syndrome (CRPS). Patients with CRPS implanted with an IDDS between 2000 and 2013 who had four or more years of continuous follow-up were included in the analysis. The outcome

variables of interest were pain intensity and oral opioid intake. The primary predictor of interest was dose of intrathecal opioids, with ziconotide, bupivacaine, and clonidine characterized as binary secondary predictors. Of the 1,653 IDDS identified, 62 were implanted primarily for CRPS-related pain. Of these, 26 had four or more years of complete follow-up data. Pain scores did not decrease over time, and there was no correlation between pain intensity and use of any intrathecal medication. Although oral opioid intake decreased over time, intrathecal opioid dose did not affect oral opioid consumption. Ziconotide was associated with a hastening of the decrease in oral opioid intake, whereas the presence of bupivacaine unexpectedly increased oral opioid intake. Intrathecal opioid dose was not associated with long-term decreases in oral opioid intake. Ziconotide was associated with a decrease in oral opioid intake over the four-year follow-up, and bupivacaine was associated with an increase in oral opioid intake. The authors concluded that findings suggest that intrathecal opiates may not be effective in reducing oral opiate intake, ziconotide may hasten a decrease in intake, and bupivacaine may lead to an increase in intake. This study is limited by its retrospective observations and small sample size making it difficult to determine whether these conclusions can be generalized to a larger population.

Clinical Practice Guidelines

American Society of Interventional Pain Physicians (ASIPP)

In 2013, the ASIPP issued updated evidence-based practice guidelines on interventional techniques in the management of chronic spinal pain (Manchikanti et al., 2013a; Manchikanti et al., 2013b). The review did not identify any randomized controlled trials (RCTs) for the treatment of chronic noncancer pain with intrathecal (IT) opioids and was based on 7 observational studies, which they concluded showed a long-term benefit from IT infusion devices. Thus, although the evidence base was rated as “limited,” ASIPP guidelines recommended the use of IT infusion systems for recalcitrant noncancer pain.

American Society of Pain and Neuroscience (ASPN)

A clinical guideline published by the ASPN (2022) on interventional treatments for low back pain states although review methodologies vary, all of the reviews report a gap in current literature supporting IDDS for noncancer pain, including chronic LBP. Evidence of IDDS for chronic noncancer back pain is moderate. Based on 2001 USPSTF criteria, republished March 2020 and modified for interventional spine procedures, the ASPN states therapy grading for IDDS is limited to grade B for noncancer back pain. (Sayed et al., 2022)

American Society of Regional Anesthesia and Pain Medicine and American Society of Anesthesiologists (ASRA-ASA)

The ASRA-ASA issued practice guidelines pertaining to chronic pain management in 2010 to update a previous version of the guidelines from 1997. These guidelines indicate that observational studies report that IT opioid injections can provide effective pain relief for 1 to 12 months for patients with neuropathic pain. The recommendation arising from this guideline is that IT opioid administration may be used for patients with neuropathic pain. However, shared decision making regarding this procedure should involve a discussion of potential complications. In addition, a neuraxial opioid trial should be conducted prior to permanent implantation of IT drug delivery systems. (ASRA-ASA, 2010)

British Pain Society (BPS)

In an evidence review that included recommendations for best clinical practice published in 2015, a working group convened by the BPS stated that there is mounting evidence of the effectiveness of intrathecal drug administration in patients with chronic nonmalignant pain (CNMP). Large-scale randomized controlled trials (RCTs) of this therapy have shown limited short-term efficacy of ziconotide (Wallace et al., 2006; Rauck et al., 2006). One small RCT (Raphael et al., 2013) supports the efficacy of IT opioids in long-term patients while numerous prospective studies show long-term efficacy. The BPS recommends that for patients with CNMP, the use of intrathecal drug delivery (ITDD) must be reserved for those patients with a clear medical diagnosis, positive psychological assessment and adequate information about the long-term efficacy and risks of the therapy. The BPS strongly recommends that patients with CNMP have a comprehensive psychological assessment to: (1) assess possible concurrent psychopathology (e.g., severe affective disorder, body dysmorphia, somatization) that might impede successful outcome following implantation; and (2) to consider what additional individualized preparation might be advisable for the patient. Drug infusion trials are generally but not universally recommended. These trials can provide useful information such as the ability to respond and side effects. (British Pain Society, 2015)

Consensus Guidelines for Intrathecal (IT) Drug Delivery

Deer et al. (2017) reported the results of a group of experts during the Polyanalgesic Consensus Conference (PACC) of 2016 that was assembled to address deficiencies and innovations in IT therapy for both cancer and noncancer pain. As reported by the authors, the PACC was initiated by the International Neuromodulation Society (INS) and funded by Medtronic Inc. and Jazz Pharmaceutical Inc., but no corporate entities have direct input into content or conclusions. The authors state that IT therapy is generally regarded to be an effective treatment for non-cancer pain but acknowledge that support for the effectiveness of treatment comes primarily from prospective and retrospective non-controlled trials. To address the lack of research, the group proposed a pain care algorithm and developed consensus opinions for the use of intrathecal therapy for noncancer pain including the following:

- Using the pain care algorithm, noncancer patients should be considered for IT therapy when the following is met:
 - Pain that is intolerable and has not responded to conservative treatment for 6 months;
 - Pain with known pathology and localized source;
 - Pain that is primarily neuropathic or mixed (nociceptive and neuropathic) in nature;
 - Ability to place catheter corresponding with anatomic source;
- IT therapy can be used to adequately manage localized, diffuse and global pain and should not be used as a salvage treatment after failure of systemic opioid medications (Pope et al., 2015)
- For all non-cancer patients, a psychological assessment should be used to identify appropriate candidates for IT therapy; psychological counseling and after care is strongly recommended

Deer et al. (2017) also stated that the presence of a major psychiatric disorder (e.g., severe depression, psychoses, substance abuse or addiction) has historically been used as an exclusionary criteria for IT therapy. This method has not been validated by a systematic study and instead has evolved from clinical practice and consensus statements. The authors also recognize that psychological factors, psychosocial factors and chronic pain are intermingled coinciding with high levels of mental pain and suffering. Major psychiatric disorders, psychological factors and psychosocial factors may negatively impact the outcome of IT therapy. A psychological assessment can be used to identify these traits and allow for the development of an individualized mental health treatment plan. Various psychological assessment approaches have been utilized (Prager et al., 2013) but no standard procedure exists. The group recommends that a psychological evaluation and social support evaluation should be part of the trialing process and performed by a properly trained mental healthcare professional.

Deer et al. (2010) reported on the results of an expert panel that was convened to develop consensus guidelines for the selection and implantation of patients with noncancer pain for IT drug delivery. According to the authors, the panel was underwritten by InSet Corporation at the request of the organizing physicians, but the company did not have any input into the content of the guidelines. The authors note that numerous studies have found improved pain and functional outcomes in patients with chronic noncancer pain treated with IT drug therapy, but rigorous scientific data on patient selection are not available. To address this deficiency in the literature, the consensus panel provided recommendations for patient selection that consider the type of pain, influence of pain intensity on patient functioning and quality of life, comorbidities, psychological factors, prior therapy, social issues, anatomical factors, device-related issues, economic factors, and safety considerations. There are some indications in the literature that patient selection is empiric and varies by practitioner. Typically, IT therapy is only considered after less invasive attempts to treat the underlying disorder have been exhausted. The Panel recommendations included the following:

- The panel recommends a pretrial or preimplantation psychological consultation for patients with chronic noncancer pain being considered for IT therapy. The psychological consultant should have some level of participation in the preimplant trial and/or follow-up to evaluate the utility of the assessment and help determine whether the therapeutic goals have been achieved.
- The panel recommends that for patients with chronic noncancer pain, a stepwise approach to therapy in which treatment begins with the least aggressive approach and progresses only when therapy fails to safely provide adequate analgesia. Most often the advancement to IT therapy is warranted when more conservative treatment options have failed; however, a more aggressive approach may also be necessary in patients with difficulty managing their medications or for individuals with certain comorbid conditions (e.g., morbid obesity or sleep apnea) for whom the use of oral opioids has the potential for detrimental adverse effects.
- A direct correlation between response to systemic opioids and subsequent response to IT therapy has not been clearly established; nonetheless, uncontrolled trials (Deer et al., 2004; Patel et al., 2009) and clinical experience suggest that patients who achieve a 50% or greater reduction in pain with systemic opioids are likely to achieve a therapeutic benefit with IT therapy accompanied by a lower rate of adverse effects.

National Comprehensive Cancer Network* (NCCN)

The 2022 NCCN Adult Cancer Pain Clinical Practice Guideline (v2.2022) states: “Regional infusion of analgesics (epidural, intrathecal, and regional plexus) minimizes the distribution of drugs to receptors in the brain, as well as lowering serum opioid levels, potentially avoiding adverse effects of systemic administration. Therefore, the intrathecal route of opioid administration should be considered in patients with intolerable sedation, confusion, constipation, and/or inadequate pain management with systemic opioid administration. However, due to the risk of catheter migration and infection risk, consider limiting the duration of use to several days.”

U.S. Food and Drug Administration (FDA)

This section is to be used for informational purposes only. FDA approval alone is not a basis for coverage.

Implantable drug delivery systems used for intrathecal (IT) administration of opioids are regulated by the FDA as class III medical devices under the product code LKK (implanted programmable infusion pump). More than 500 device approvals are listed in the FDA Premarket Approval (PMA) Database when LKK is entered into the Product Code search field at the [Premarket Approval Database](#). For specific device information, enter the manufacturer, device name, and/or PMA number into the corresponding search fields. (Accessed February 16, 2023)

References

The foregoing Oxford policy has been adapted from an existing UnitedHealthcare national policy that was researched, developed and approved by UnitedHealthcare Medical Technology Assessment Committee. [2023T0626F]

American Society of Regional Anesthesia and Pain Medicine and American Society of Anesthesiologists (ASRA-ASA). Practice guidelines for chronic pain management: an updated report by the American Society of Anesthesiologists Task Force on Chronic Pain Management and the American Society of Regional Anesthesia and Pain Medicine. *Anesthesiology*. 2010;112(4):810-833.

British Pain Society. Intrathecal drug delivery for the management of pain and spasticity in adults; recommendations for best clinical practice. 2015. Available at: https://www.britishpainsociety.org/static/uploads/resources/files/itdd_2015_pro_v3.pdf. Accessed February 16, 2023.

Deer TR. An overview of interventional spinal techniques. *Semin Pain Med* 2004;2:154-66. 11.

Deer TR, Pope JE, Hayek SM, et al. The Polyanalgesic Consensus Conference (PACC): Recommendations on intrathecal drug infusion systems best practices and guidelines. *Neuromodulation*. 2017 Feb;20(2):96-132.

Deer TR, Smith HS, Cousins M, et al. Consensus guidelines for the selection and implantation of patients with noncancer pain for intrathecal drug delivery. *Pain Physician*. 2010 May-Jun;13(3):E175-213.

Giglio M, Preziosa A, Mele R, et al. Effects of an intrathecal drug delivery system connected to a subcutaneous port on pain, mood and quality of life in end stage cancer patients: an observational study. *Cancer Control*. 2022 Jan-Dec;29:10732748221133752.

Hamza M, Doleys D, Wells M, et al. Prospective study of 3-year follow-up of low-dose intrathecal opioids in the management of chronic nonmalignant pain. *Pain Med*. 2012 Oct;13(10):1304-13.

Hamza M, Doleys DM, Saleh IA, et al. A prospective, randomized, single-blinded, head-to-head long-term outcome study, comparing intrathecal (it) boluses with continuous infusion trialing techniques prior to implantation of drug delivery systems (DDS) for the treatment of severe intractable chronic nonmalignant pain. *Neuromodulation*. 2015 Oct;18(7):636-48; discussion 649.

Harris RP, Helfand M, Woolf SH, et al. Third U.S. Preventive Services Task Force. REPRINT OF: Current Methods of the U.S. Preventive Services Task Force: A Review of the Process. *Am J Prev Med*. 2020 Mar;58(3):316-331.

Hayes Inc. Health Technology Assessment. Intrathecal opioids for chronic noncancer pain. Landsdale, PA: Hayes Inc., July 2019. Updated September 2021.

Herring EZ, Frizon LA, Hogue O, et al. Long-term outcomes using intrathecal drug delivery systems in complex regional pain syndrome. *Pain Med*. 2019 Mar 1;20(3):515-520.

Manchikanti L, Falco FJ, Singh V, et al. An update of comprehensive evidence-based guidelines for interventional techniques in chronic spinal pain. Part I: introduction and general considerations. *Pain Physician*. 2013 Apr;16(2 Suppl):S1-48.

Manchikanti L, Abdi S, Atluri S, et al. An update of comprehensive evidence-based guidelines for interventional techniques in chronic spinal pain. Part II: guidance and recommendations. *Pain Physician*. 2013 Apr;16(2 Suppl):S49-283.

National Comprehensive Cancer Network (NCCN) Clinical Practice Guidelines in Oncology: Adult Cancer Pain. V2.2022. June 2022.

Patel VB, Manchikanti L, Singh V et al. Systematic review of intrathecal infusion systems for long-term management of chronic non-cancer pain. *Pain Physician*. 2009 Mar-Apr;12(2):345-60. PMID: 19305484.

Pope JE, Deer TR, McRoberts WP. Intrathecal therapy: The burden of being positioned as a salvage therapy. *Pain Med*. 2015 Oct;16(10):2036-8.

Prager J, Deer T, Levy R, et al. Best practices for intrathecal drug delivery for pain. *Neuromodulation*. 2014 Jun;17(4):354-72; discussion 372.

Raphael JH, Duarte RV, Southall JL, et al. Randomised, double-blind controlled trial by dose reduction of implanted intrathecal morphine delivery in chronic non-cancer pain. *BMJ Open*. 2013 Jul 31;3(7):e003061.

Rauck RL, Wallace MS, Leong MS, et al. A randomized, double-blind, placebo-controlled study of intrathecal ziconotide in adults with severe chronic pain. *J Pain Symptom Manage*. 2006 May;31(5):393-406.

Sayed D, Grider J, Strand N, et al. The American Society of Pain and Neuroscience (ASPN) evidence-based clinical guideline of interventional treatments for low back pain. *J Pain Res*. 2022 Dec 6;15:3729-3832.

Sommer B, Karageorgos N, AlSharif M, et al. Long-term outcome and adverse events of intrathecal opioid therapy for nonmalignant pain syndrome. *Pain Pract*. 2020 Jan;20(1):8-15.

Thimineur MA, Kravitz E, Vodapally MS. Intrathecal opioid treatment for chronic non-malignant pain: a 3-year prospective study. *Pain*. 2004 Jun;109(3):242-249.

Wallace MS, Charapata SG, Fisher R, et al. Intrathecal ziconotide in the treatment of chronic nonmalignant pain: a randomized, double-blind, placebo-controlled clinical trial. *Neuromodulation*. 2006 Apr;9(2):75-86.

Policy History/Revision Information

Date	Summary of Changes
07/01/2023	Supporting Information <ul style="list-style-type: none">Updated <i>Clinical Evidence</i> and <i>References</i> sections to reflect the most current informationArchived previous policy version PHARMACY 339.6

Instructions for Use

This Clinical Policy provides assistance in interpreting UnitedHealthcare Oxford standard benefit plans. When deciding coverage, the member specific benefit plan document must be referenced as the terms of the member specific benefit plan may differ from the standard plan. In the event of a conflict, the member specific benefit plan document governs. Before using this policy, please check the member specific benefit plan document and any applicable federal or state mandates. UnitedHealthcare Oxford reserves the right to modify its Policies as necessary. This Clinical Policy is provided for informational purposes. It does not constitute medical advice.

The term Oxford includes Oxford Health Plans, LLC and all of its subsidiaries as appropriate for these policies. Unless otherwise stated, Oxford policies do not apply to Medicare Advantage members.

UnitedHealthcare may also use tools developed by third parties, such as the InterQual[®] criteria, to assist us in administering health benefits. UnitedHealthcare Oxford Clinical Policies are intended to be used in connection with the independent professional medical judgment of a qualified health care provider and do not constitute the practice of medicine or medical advice.`;
